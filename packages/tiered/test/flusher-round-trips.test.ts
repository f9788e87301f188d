import type { Redis } from "ioredis";
import { Flusher } from "../src/flusher.js";
import type { TieredSaver } from "../src/index.js";
import { listedIds, putChain } from "./support/checkpoints.js";
import { CommandCounter } from "./support/command-counter.js";
import {
  freshKeyPrefix,
  newRedisClient,
  postgresColdTier,
  type TestColdTier,
  tieredSaver,
} from "./support/test-tiers.js";

const SHARDS = 16;

/** Thread ids that land on `count` distinct shards of the saver's layout. */
function threadsOnDistinctShards(saver: TieredSaver, count: number): string[] {
  const byShard = new Map<number, string>();
  for (let index = 0; byShard.size < count; index++) {
    const threadId = `spread-${index}`;
    const shard = saver.hot.keyLayout.shardOf(threadId);
    if (!byShard.has(shard)) byShard.set(shard, threadId);
  }
  return [...byShard.values()];
}

describe("flusher round trips (counted on the wire)", () => {
  let redis: Redis;
  let flusherRedis: Redis;
  let tier: TestColdTier;
  let writer: TieredSaver;
  let flusher: Flusher;
  let counter: CommandCounter;

  /** A flusher of the writer's outbox, on its own counted client. */
  async function startCounting(pollIntervalMs: number): Promise<void> {
    flusher = new Flusher({
      client: flusherRedis,
      keyLayout: writer.hot.keyLayout,
      cold: tier.cold,
      pollIntervalMs,
    });
    counter = await CommandCounter.watch(flusherRedis);
  }

  beforeEach(async () => {
    redis = newRedisClient();
    flusherRedis = newRedisClient();
    tier = await postgresColdTier();
    const keyPrefix = freshKeyPrefix("round-trips");
    // Writes only: the flusher under test is the only reader of the outbox.
    writer = await tieredSaver(redis, tier.cold, {
      keyPrefix,
      shardCount: SHARDS,
      flusher: false,
      durableWhen: () => false,
    });
  });
  afterEach(async () => {
    counter?.stop();
    await writer.close();
    await tier.drop();
    redis.disconnect();
    flusherRedis.disconnect();
  });

  it("a full scan reads every shard's new entries with one XREADGROUP on a standalone Redis", async () => {
    await startCounting(1);
    // First cycle: creates the consumer group of every shard and claims (both once).
    await flusher.flushOnce();
    const threads = threadsOnDistinctShards(writer, 3);
    const chains = await Promise.all(threads.map((threadId) => putChain(writer, threadId, 2)));
    await new Promise((resolve) => setTimeout(resolve, 5));

    const sent = await counter.count(() => flusher.flushOnce());

    expect(sent.filter((name) => name === "xreadgroup")).toHaveLength(1);
    for (const [index, threadId] of threads.entries()) {
      expect(await listedIds(tier.cold, threadId)).toEqual([...chains[index]!].reverse());
    }
    expect((await writer.metrics()).backlog).toBe(0);
  });

  it("shards woken by this process's writes are read with one XREADGROUP too", async () => {
    // The next full scan is far off: the second cycle reads the woken shards only.
    await startCounting(600_000);
    await flusher.flushOnce();
    const threads = threadsOnDistinctShards(writer, 2);
    await Promise.all(threads.map((threadId) => putChain(writer, threadId, 1)));
    for (const threadId of threads) flusher.wake(writer.hot.keyLayout.shardOf(threadId));

    const sent = await counter.count(() => flusher.flushOnce());

    expect(sent.filter((name) => name === "xreadgroup")).toHaveLength(1);
    for (const threadId of threads) expect(await listedIds(tier.cold, threadId)).toHaveLength(1);
    expect((await writer.metrics()).backlog).toBe(0);
  });
});
