import { cosmosSaverFactory } from "./cosmos-saver-factory.js";
import { memorySaverFactory } from "./memory-saver-factory.js";
import { postgresSaverFactory } from "./postgres-saver-factory.js";
import { redisSaverFactory } from "./redis-saver-factory.js";
import type { SaverFactory, SaverName } from "./saver-factory.js";
import { tieredSaverFactory } from "./tiered-saver-factory.js";

/** The savers the demo can run on, one file per saver. */
const SAVER_FACTORIES: Partial<Record<SaverName, SaverFactory>> = {
  tiered: tieredSaverFactory,
  redis: redisSaverFactory,
  postgres: postgresSaverFactory,
  cosmos: cosmosSaverFactory,
  memory: memorySaverFactory,
};

export function findSaverFactory(name: SaverName): SaverFactory | undefined {
  return SAVER_FACTORIES[name];
}

/** Names with a registered factory, for `--help`. */
export function availableSaverNames(): SaverName[] {
  return Object.keys(SAVER_FACTORIES) as SaverName[];
}

/** Every registered factory, in the order `--help` lists them. */
export function registeredSaverFactories(): SaverFactory[] {
  return Object.values(SAVER_FACTORIES).filter((factory) => factory !== undefined);
}

/** The default: the tiered saver, Redis hot and PostgreSQL cold. */
export function defaultSaverName(): SaverName {
  return SAVER_FACTORIES.tiered === undefined ? "postgres" : "tiered";
}

/** Where the demo runs when the saver it was asked for needs Redis and none can be had. */
export const NO_REDIS_FALLBACK_SAVER: SaverName = "postgres";
