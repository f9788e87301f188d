import { memorySaverFactory } from "./memory-saver-factory.js";
import type { SaverFactory, SaverName } from "./saver-factory.js";

/**
 * The savers the demo can run on, one file per saver. Redis, Postgres, Cosmos and tiered
 * entries start their servers through @checkpointkit/conformance (`redis()`, `postgres()`,
 * `cosmos()`) and are added here as they land.
 */
const SAVER_FACTORIES: Partial<Record<SaverName, SaverFactory>> = {
  memory: memorySaverFactory,
};

export function findSaverFactory(name: SaverName): SaverFactory | undefined {
  return SAVER_FACTORIES[name];
}

/** Names with a registered factory, for `--help`. */
export function availableSaverNames(): SaverName[] {
  return Object.keys(SAVER_FACTORIES) as SaverName[];
}

/** The default is the tiered saver; until it is registered the demo uses memory. */
export function defaultSaverName(): SaverName {
  return SAVER_FACTORIES.tiered === undefined ? "memory" : "tiered";
}
