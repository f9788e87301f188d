import type { Redis } from "ioredis";
import { newRedisClient, postgresColdTier, type TestColdTier } from "./test-tiers.js";

/** What `usePerTestColdTier` hands a describe block; read its fields inside the tests. */
export interface PerTestColdTier {
  readonly redis: Redis;
  readonly tier: TestColdTier;
  /** Runs after the test, newest first, before the cold tier is dropped. */
  onCleanup(cleanup: () => Promise<void>): void;
}

/**
 * Jest hooks for a describe block: one Redis client for the block, a fresh PostgreSQL cold
 * tier per test, and cleanups run after each test.
 */
export function usePerTestColdTier(): PerTestColdTier {
  let redis: Redis | undefined;
  let tier: TestColdTier | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(() => {
    redis = newRedisClient();
  });
  beforeEach(async () => {
    tier = await postgresColdTier();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await tier?.drop();
  });
  afterAll(async () => {
    await redis?.quit();
  });
  return {
    get redis() {
      return redis!;
    },
    get tier() {
      return tier!;
    },
    onCleanup(cleanup) {
      cleanups.push(cleanup);
    },
  };
}
