import { cosmosSaverFactory } from "../../src/savers/cosmos-saver-factory.js";
import { memorySaverFactory } from "../../src/savers/memory-saver-factory.js";
import { postgresSaverFactory } from "../../src/savers/postgres-saver-factory.js";
import { redisSaverFactory } from "../../src/savers/redis-saver-factory.js";
import type {
  ColdTierName,
  SaverEnvironment,
  SaverFactory,
} from "../../src/savers/saver-factory.js";
import { tieredSaverFactory } from "../../src/savers/tiered-saver-factory.js";

/** The tiered factory pinned to one cold tier, as `--cold` would pin it. */
function withColdTier(factory: SaverFactory, coldTier: ColdTierName): SaverFactory {
  return { ...factory, start: (options) => factory.start({ ...options, coldTier }) };
}

/**
 * Every saver the example's tests run on. The graph, interrupt, crash, audit and time-travel
 * tests are `describe.each` over this list, so each runs the same test bodies on all of them.
 * The servers are the ones the jest preset started for the whole run (jest.config.cjs).
 */
export const SAVER_FACTORIES_UNDER_TEST: ReadonlyArray<[string, SaverFactory]> = [
  ["memory", memorySaverFactory],
  ["redis", redisSaverFactory],
  ["postgres", postgresSaverFactory],
  ["cosmos", cosmosSaverFactory],
  ["tiered (postgres cold)", withColdTier(tieredSaverFactory, "postgres")],
  ["tiered (cosmos cold)", withColdTier(tieredSaverFactory, "cosmos")],
];

/** Starts the factory's environment in `beforeAll` and stops it in `afterAll`. */
export function useSaverEnvironment(factory: SaverFactory): () => SaverEnvironment {
  let environment: SaverEnvironment | undefined;
  beforeAll(async () => {
    environment = await factory.start({ coldTier: "postgres", progress: () => {} });
  }, 120_000);
  afterAll(async () => {
    await environment?.stop();
  });
  return () => {
    if (environment === undefined) throw new Error("saver environment not started");
    return environment;
  };
}

let threadCounter = 0;

/** A thread id no other test uses, also against a server that outlives the test run. */
export function uniqueThreadId(label: string): string {
  threadCounter += 1;
  return `${label}-${process.pid}-${Date.now().toString(36)}-${threadCounter}`;
}
