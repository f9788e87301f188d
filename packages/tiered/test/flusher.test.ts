import type { Redis } from "ioredis";
import type { DeadLetterEvent, FlushedEvent, TieredSaver } from "../src/index.js";
import { listedIds, putChain, threadConfig } from "./support/checkpoints.js";
import {
  newRedisClient,
  postgresColdTier,
  type TestColdTier,
  tieredSaver,
} from "./support/test-tiers.js";
import { wrapColdTier } from "./support/wrapped-cold-tier.js";

describe("flusher", () => {
  let redis: Redis;
  let tier: TestColdTier;
  let saver: TieredSaver | undefined;

  beforeAll(() => {
    redis = newRedisClient();
  });
  beforeEach(async () => {
    tier = await postgresColdTier();
  });
  afterEach(async () => {
    await saver?.close();
    saver = undefined;
    await tier.drop();
  });
  afterAll(async () => {
    await redis.quit();
  });

  it("flushes in batches, reports them as events and metrics, and empties the outbox", async () => {
    saver = await tieredSaver(redis, tier.cold, {
      durableWhen: () => false,
      flusher: { pollIntervalMs: 20, batchSize: 7 },
    });
    const flushed: FlushedEvent[] = [];
    saver.events.on("flushed", (event) => flushed.push(event));
    const threads = ["t1", "t2", "t3"];
    const ids = await Promise.all(threads.map((threadId) => putChain(saver!, threadId, 10)));
    await saver.flush();
    for (const [index, threadId] of threads.entries()) {
      expect(await listedIds(saver.cold, threadId)).toEqual([...ids[index]!].reverse());
    }
    expect(flushed.every((event) => event.entries <= 7)).toBe(true);
    expect(flushed.reduce((sum, event) => sum + event.checkpoints, 0)).toBe(30);
    // The cold head: each thread's newest checkpoint, as the cold tier reports it.
    for (const [index, threadId] of threads.entries()) {
      expect(await saver.cold.coldHead(threadId, "")).toBe(ids[index]![9]);
    }
    const metrics = await saver.metrics();
    expect(metrics).toMatchObject({ backlog: 0, lagMs: 0, flushedCheckpoints: 30, deadLetters: 0 });
  });

  it("moves an entry the cold tier keeps rejecting to the dead-letter stream after maxAttempts; the rest flush", async () => {
    let rejections = 0;
    const picky = wrapColdTier(tier.cold, (batch) => {
      if (batch.checkpoints.some((record) => record.threadId === "poison")) {
        rejections += 1;
        throw new Error("record rejected by the cold tier");
      }
    });
    saver = await tieredSaver(redis, picky, {
      durableWhen: () => false,
      flusher: { pollIntervalMs: 20, maxAttempts: 3, retryBaseDelayMs: 5, retryMaxDelayMs: 20 },
    });
    const deadLetters: DeadLetterEvent[] = [];
    saver.events.on("deadLetter", (event) => deadLetters.push(event));
    const good = await putChain(saver, "healthy", 3);
    const [poisoned] = await putChain(saver, "poison", 1);
    await saver.flush();

    expect(await listedIds(saver.cold, "healthy")).toEqual([...good].reverse());
    expect(await listedIds(saver.cold, "poison")).toEqual([]);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({ threadId: "poison", attempts: 3 });
    expect(rejections).toBeGreaterThanOrEqual(3);
    const shard = saver.hot.keyLayout.shardOf("poison");
    const deadKey = `${saver.hot.keyLayout.shardKeys(shard).outbox}-dead`;
    const dead = (await redis.xrange(deadKey, "-", "+")) as [string, string[]][];
    expect(dead).toHaveLength(1);
    const fields = dead[0]![1];
    expect(fields[fields.indexOf("checkpoint") + 1]).toBe(poisoned);
    expect(fields[fields.indexOf("error") + 1]).toMatch(/record rejected/);
    // Still readable from Redis: a dead letter loses nothing, it only stops retrying.
    expect((await saver.getTuple(threadConfig("poison")))?.checkpoint.id).toBe(poisoned);
  });

  it("backpressure: past maxBacklog a put is rejected, or waits until the flusher caught up", async () => {
    saver = await tieredSaver(redis, tier.cold, {
      durableWhen: () => false,
      flusher: false,
      maxBacklog: 3,
      backpressure: "reject",
    });
    await putChain(saver, "pressure", 4);
    // A second saver: backpressure reuses outbox statistics up to 100 ms old, and this one has
    // none cached yet, so its first put sees all four entries.
    const rejecting = await tieredSaver(redis, tier.cold, {
      keyPrefix: saver.hot.keyLayout.keyPrefix,
      durableWhen: () => false,
      flusher: false,
      maxBacklog: 3,
      backpressure: "reject",
    });
    await expect(putChain(rejecting, "pressure", 1)).rejects.toMatchObject({
      name: "BackendUnavailableError",
      backend: "postgres",
    });
    await rejecting.close();

    const waiting = await tieredSaver(redis, tier.cold, {
      keyPrefix: saver.hot.keyLayout.keyPrefix,
      durableWhen: () => false,
      flusher: false,
      maxBacklog: 3,
      backpressure: "wait",
    });
    let resolved = false;
    const held = putChain(waiting, "pressure", 1).then(() => {
      resolved = true;
    });
    // Kept on purpose: proves the put is still held 300 ms later, with no flusher running.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(resolved).toBe(false);
    const drainer = await tieredSaver(redis, tier.cold, {
      keyPrefix: saver.hot.keyLayout.keyPrefix,
    });
    await held;
    expect(resolved).toBe(true);
    await drainer.close();
    await waiting.close();
  });
});
