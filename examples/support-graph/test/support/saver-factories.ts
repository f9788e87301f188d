import { memorySaverFactory } from "../../src/savers/memory-saver-factory.js";
import type { SaverEnvironment, SaverFactory } from "../../src/savers/saver-factory.js";

/**
 * Every saver the example's tests run on. The graph, interrupt and crash tests are
 * `describe.each` over this list, so registering the Redis, Postgres, Cosmos and tiered
 * factories here runs the same test bodies on each of them.
 */
export const SAVER_FACTORIES_UNDER_TEST: ReadonlyArray<[string, SaverFactory]> = [
  ["memory", memorySaverFactory],
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
