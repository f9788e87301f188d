import type { Redis } from "ioredis";
import type { TieredSaver } from "../src/index.js";
import { collect, listedIds, putChain, threadConfig } from "./support/checkpoints.js";
import { dropHotThreads, hotKeyCount } from "./support/redis-keys.js";
import {
  newRedisClient,
  postgresColdTier,
  type TestColdTier,
  tieredSaver,
} from "./support/test-tiers.js";
import { waitUntil } from "./support/wait-until.js";

describe("reads across the tiers", () => {
  let redis: Redis;
  let tier: TestColdTier;
  let saver: TieredSaver;

  beforeAll(() => {
    redis = newRedisClient();
  });
  beforeEach(async () => {
    tier = await postgresColdTier();
    saver = await tieredSaver(redis, tier.cold);
  });
  afterEach(async () => {
    await saver.close();
    await tier.drop();
  });
  afterAll(async () => {
    await redis.quit();
  });

  const prefixOf = (tiered: TieredSaver) => tiered.hot.keyLayout.keyPrefix;

  it("a thread gone from Redis is read from the cold tier, and its latest checkpoint rehydrated", async () => {
    const ids = await putChain(saver, "evicted", 5);
    await saver.putWrites(
      { configurable: { thread_id: "evicted", checkpoint_ns: "", checkpoint_id: ids[4] } },
      [
        ["b", 2],
        ["a", 1],
      ],
      "task-z",
      "~path-a",
    );
    await saver.putWrites(
      { configurable: { thread_id: "evicted", checkpoint_ns: "", checkpoint_id: ids[4] } },
      [["c", 3]],
      "task-a",
      "~path-b",
    );
    await saver.flush();
    const before = await saver.getTuple(threadConfig("evicted"));
    await dropHotThreads(redis, prefixOf(saver));
    expect(await saver.hot.getTuple(threadConfig("evicted"))).toBeUndefined();

    const fromCold = await saver.getTuple(threadConfig("evicted"));
    expect(fromCold?.checkpoint).toEqual(before?.checkpoint);
    expect(fromCold?.pendingWrites).toEqual(before?.pendingWrites);
    expect(await listedIds(saver, "evicted")).toEqual([...ids].reverse());
    await saver.close();
    // Rehydrated: Redis serves the latest checkpoint again, writes in the same order.
    const rehydrated = await saver.hot.getTuple(threadConfig("evicted"));
    expect(rehydrated?.checkpoint.id).toBe(ids[4]);
    expect(rehydrated?.pendingWrites).toEqual(before?.pendingWrites);
    // Rehydration appends no outbox entry: it is in the cold tier already.
    expect((await saver.metrics()).backlog).toBe(0);
  });

  it("list merges both tiers newest first, each checkpoint once", async () => {
    const older = await putChain(saver, "merged", 4);
    await saver.flush();
    await dropHotThreads(redis, prefixOf(saver));
    const newer = await putChain(saver, "merged", 3);
    // Now: the older four only in PostgreSQL, the newest three in Redis (and soon both).
    const all = [...older, ...newer].reverse();
    expect(await listedIds(saver, "merged")).toEqual(all);
    await saver.flush();
    expect(await listedIds(saver, "merged")).toEqual(all);
    const limited = await collect(saver.list(threadConfig("merged"), { limit: 5 }));
    expect(limited.map((tuple) => tuple.checkpoint.id)).toEqual(all.slice(0, 5));
    const before = await collect(
      saver.list(threadConfig("merged"), { before: { configurable: { checkpoint_id: newer[0] } } }),
    );
    expect(before.map((tuple) => tuple.checkpoint.id)).toEqual([...older].reverse());
  });

  it("flushed threads leave Redis after hotTtlSeconds; unflushed ones never do", async () => {
    await saver.close();
    // The test runs the sweep itself below; the saver's own sweeper must not get to "swept"
    // first (on a loaded machine `flush` can outlast the 1 s TTL, and a swept thread has no
    // score left for the wait below to see).
    saver = await tieredSaver(redis, tier.cold, {
      flusher: { pollIntervalMs: 20, hotTtlSeconds: 1, sweepIntervalMs: 600_000 },
    });
    await putChain(saver, "swept", 2);
    await saver.flush();
    const { sweepFlushedThreads } = await import("../src/hot-sweeper.js");
    const { HotRedis } = await import("../src/hot-redis.js");
    // An unflushed thread of a second saver under the same prefix, with no flusher of its own.
    const { TieredSaver } = await import("../src/index.js");
    const writer = new TieredSaver({
      redis,
      cold: tier.cold,
      keyPrefix: prefixOf(saver),
      shardCount: 8,
      flusher: false,
    });
    await saver.flusher?.stop();
    await putChain(writer, "unflushed", 2);
    // Until both threads' last writes are past the TTL, so that only the outbox keeps one.
    const layout = saver.hot.keyLayout;
    const pastTtl = async (threadId: string) => {
      const lastWriteMs = await redis.zscore(
        layout.shardKeys(layout.shardOf(threadId)).threads,
        threadId,
      );
      const [seconds, micros] = await redis.time();
      const serverNowMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
      return (
        lastWriteMs !== null && Number(lastWriteMs) < Math.min(serverNowMs, Date.now()) - 1_000
      );
    };
    await waitUntil(
      async () => (await pastTtl("swept")) && (await pastTtl("unflushed")),
      "both threads' last writes are older than hotTtlSeconds",
    );
    const hotRedis = new HotRedis(redis, () => {});
    expect(await sweepFlushedThreads(hotRedis, saver.hot.keyLayout, 1)).toBe(1);
    expect(await saver.hot.getTuple(threadConfig("swept"))).toBeUndefined();
    expect(await saver.hot.getTuple(threadConfig("unflushed"))).toBeDefined();
    expect((await saver.getTuple(threadConfig("swept")))?.checkpoint.channel_values).toEqual({
      counter: 1,
      label: "s1",
    });
    expect(await hotKeyCount(redis, prefixOf(saver))).toBeGreaterThan(0);
  });

  it("deleteThread removes the thread from both tiers", async () => {
    await putChain(saver, "doomed", 3);
    await saver.flush();
    await putChain(saver, "doomed", 2);
    await saver.deleteThread("doomed");
    await saver.flush();
    expect(await saver.getTuple(threadConfig("doomed"))).toBeUndefined();
    expect(await listedIds(saver, "doomed")).toEqual([]);
    expect(await listedIds(saver.cold, "doomed")).toEqual([]);
    // A replay of that delete (a flusher re-reading its outbox entry) deletes nothing newer.
    const reput = await putChain(saver, "doomed", 1);
    await saver.flush();
    await saver.cold.deleteThread("doomed", "1-0");
    expect(await listedIds(saver.cold, "doomed")).toEqual(reput);
    await saver.deleteThread("doomed");
    // The thread id can be used again afterwards.
    const again = await putChain(saver, "doomed", 1);
    await saver.flush();
    expect(await listedIds(saver.cold, "doomed")).toEqual(again);
  });
});
