import { randomUUID } from "node:crypto";
import {
  createCosmosFaultInjector,
  makeCheckpoint,
  makeMetadata,
} from "@checkpointkit/conformance";
import type { CosmosSaver } from "@checkpointkit/cosmos";
import type { Redis } from "ioredis";
import type { TieredSaver } from "../src/index.js";
import { putChain, threadConfig } from "./support/checkpoints.js";
import { dropHotThreads } from "./support/redis-keys.js";
import {
  cosmosColdTier,
  newRedisClient,
  postgresColdTier,
  type TestColdTier,
  tieredSaver,
} from "./support/test-tiers.js";

/**
 * The cold totals of threads Redis lists come from the cold saver's own lookup by id
 * (`threadTotals`): exact for any thread, whatever other threads share its id as prefix, at
 * one statement (PostgreSQL) or one point read per thread (Cosmos DB) per page.
 */
const injector = createCosmosFaultInjector();

/** More threads sharing a prefix than two prefix-listing pages (2 × 1000) reach. */
const SHARING_THREADS = 2_100;

async function putOneEach(saver: CosmosSaver, threadIds: readonly string[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < threadIds.length) {
      const threadId = threadIds[next++] as string;
      await saver.put(threadConfig(threadId), makeCheckpoint({ a: 1 }), makeMetadata(), { a: 1 });
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

describe.each([
  ["PostgreSQL", () => postgresColdTier()],
  ["Cosmos DB", () => cosmosColdTier({ plugins: [injector.plugin] })],
] as const)("TieredSaver cold thread totals over %s", (backend, makeTier) => {
  let redis: Redis;
  let tier: TestColdTier;
  let saver: TieredSaver;

  beforeEach(async () => {
    redis = newRedisClient();
    tier = await makeTier();
    saver = await tieredSaver(redis, tier.cold);
  });
  afterEach(async () => {
    await saver.close();
    await redis.quit();
    await tier.drop();
  });

  it("looks up exactly the threads asked for, unknown ones left out", async () => {
    const run = `totals-${randomUUID()}/`;
    const ids = Array.from({ length: 12 }, (_unused, index) => `${run}${index}`);
    for (const [index, threadId] of ids.entries()) await putChain(saver, threadId, 1 + (index % 3));
    await saver.flush();
    const listed = await tier.cold.listThreads({ threadIdPrefix: run, limit: 1000 });
    injector.reset();
    const totals = await tier.cold.threadTotals([...ids, `${run}unknown`]);
    if (backend === "Cosmos DB") {
      // One point read per id, no query.
      const sent = injector.requests.filter((request) => !request.isQueryPlan);
      expect(sent.map((request) => request.operationType)).toEqual(
        Array.from({ length: ids.length + 1 }, () => "read"),
      );
    }
    expect([...totals.keys()].sort()).toEqual([...ids].sort());
    for (const thread of listed.threads) {
      expect(totals.get(thread.threadId)).toEqual({
        checkpointCount: thread.checkpointCount,
        storedBytes: thread.storedBytes,
      });
    }
  });

  if (backend === "Cosmos DB") {
    it("listThreads shows the cold totals of a thread behind thousands of newer threads sharing its id as prefix", async () => {
      const target = `shared-${randomUUID()}`;
      await putChain(saver, target, 3);
      await saver.flush();
      const [coldBefore] = (await tier.cold.listThreads({ threadIdPrefix: target, limit: 1 }))
        .threads;
      // Redis loses the thread; thousands of threads sharing its id as prefix are written to
      // the cold tier after it, so a prefix listing of the cold tier reaches them first.
      await dropHotThreads(redis, saver.hot.keyLayout.keyPrefix);
      const sharing = Array.from({ length: SHARING_THREADS }, (_u, index) => `${target}/${index}`);
      await putOneEach((tier as TestColdTier & { saver: CosmosSaver }).saver, sharing);
      // One more checkpoint, kept in Redis: the thread is listed first, from Redis, with the
      // larger of the two tiers' totals (the cold tier's three checkpoints).
      await saver.flusher?.stop();
      await putChain(saver, target, 1);

      const page = await saver.listThreads({ threadIdPrefix: target, limit: 1 });
      expect(page.threads[0]?.threadId).toBe(target);
      expect(page.threads[0]?.checkpointCount).toBe(3);
      expect(page.threads[0]?.storedBytes).toBeGreaterThanOrEqual(coldBefore?.storedBytes ?? 1);
    }, 120_000);
  }
});
