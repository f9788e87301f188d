import { randomUUID } from "node:crypto";
import { InvalidConfigError, type ThreadListing } from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import { emptyCheckpoint, uuid6 } from "@langchain/langgraph-checkpoint";
import type { Redis } from "ioredis";
import type { TieredSaver } from "../src/index.js";
import { TIER_READS_PER_PAGE } from "../src/tiered-thread-listing.js";
import { putChain, threadConfig } from "./support/checkpoints.js";
import { CommandCounter } from "./support/command-counter.js";
import { dropHotThreads } from "./support/redis-keys.js";
import {
  newRedisClient,
  postgresColdTier,
  type TestPostgresColdTier,
  tieredSaver,
} from "./support/test-tiers.js";
import { waitUntil } from "./support/wait-until.js";

const METADATA = { source: "loop" as const, step: 0, parents: {} };

/**
 * Two checkpoints: the first stores `notes` and `tag`, the second only a new `notes` (its
 * `tag` is the first's). Returns both stored configs.
 */
async function putTwoSteps(saver: TieredSaver, threadId: string): Promise<RunnableConfig[]> {
  const first = await saver.put(
    threadConfig(threadId),
    {
      ...emptyCheckpoint(),
      id: uuid6(-1),
      channel_values: { notes: "n".repeat(300), tag: "t".repeat(2_000) },
      channel_versions: { notes: 1, tag: 1 },
    },
    METADATA,
    { notes: 1, tag: 1 },
  );
  const second = await saver.put(
    first,
    {
      ...emptyCheckpoint(),
      id: uuid6(-1),
      channel_values: { notes: "m".repeat(600), tag: "t".repeat(2_000) },
      channel_versions: { notes: 2, tag: 1 },
    },
    { ...METADATA, step: 1 },
    { notes: 2 },
  );
  return [first, second];
}

function channelsOf(size: { channels: { channel: string }[] } | undefined): string[] {
  return (size?.channels ?? []).map((channel) => channel.channel).sort();
}

async function listingOf(saver: TieredSaver, prefix: string): Promise<ThreadListing[]> {
  const threads: ThreadListing[] = [];
  let cursor: string | undefined;
  do {
    const page = await saver.listThreads({
      threadIdPrefix: prefix,
      limit: 1,
      ...(cursor === undefined ? {} : { cursor }),
    });
    threads.push(...page.threads);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return threads;
}

describe("TieredSaver sizes and thread catalog across tiers", () => {
  let redis: Redis;
  let tier: TestPostgresColdTier;
  let saver: TieredSaver;

  beforeEach(async () => {
    redis = newRedisClient();
    tier = await postgresColdTier();
    saver = await tieredSaver(redis, tier.cold);
  });
  afterEach(async () => {
    await saver.close();
    await redis.quit();
    await tier.drop();
  });

  const dropRedisCopies = () => dropHotThreads(redis, saver.hot.keyLayout.keyPrefix);
  const rehydrate = async (threadId: string) => {
    await saver.getTuple(threadConfig(threadId));
    await waitUntil(
      async () => (await saver.hot.getTuple(threadConfig(threadId))) !== undefined,
      `the latest checkpoint of ${threadId} is back in Redis`,
    );
  };

  it.each(["in-process", "worker"] as const)(
    "getCheckpointSize answers from Redis, then from the cold tier once the thread left Redis (flusher %s)",
    async (mode) => {
      if (mode === "worker") {
        await saver.close();
        // Flusher options without a mode: the default, a worker thread, ships the records.
        saver = await tieredSaver(redis, tier.cold, { flusher: { pollIntervalMs: 20 } });
        expect(saver.flusherMode).toBe("worker");
      }
      const [first, second] = await putTwoSteps(saver, "sized");
      const fromRedis = await saver.getCheckpointSize(second!);
      expect(fromRedis?.checkpointId).toBe(second?.configurable?.checkpoint_id);
      expect(channelsOf(fromRedis)).toEqual(["notes"]);
      await saver.flush();
      await dropRedisCopies();

      const fromCold = await saver.getCheckpointSize(second!);
      expect(fromCold?.checkpointId).toBe(second?.configurable?.checkpoint_id);
      // The record of what that put stored: the new `notes`, not the unchanged `tag`.
      expect(channelsOf(fromCold)).toEqual(["notes"]);
      expect(fromCold?.storedBytes).toBeGreaterThan(600);
      expect(channelsOf(await saver.getCheckpointSize(first!))).toEqual(["notes", "tag"]);
      const unknown = { configurable: { ...second?.configurable, checkpoint_id: uuid6(-1) } };
      expect(await saver.getCheckpointSize(unknown)).toBeUndefined();
      await expect(saver.getCheckpointSize({ configurable: {} })).rejects.toBeInstanceOf(
        InvalidConfigError,
      );
    },
    60_000,
  );

  it("threadSizeSummary of a thread read back from the cold tier covers its last N in both tiers", async () => {
    const ids = await putChain(saver, "read-back", 4);
    await saver.flush();
    await dropRedisCopies();
    await rehydrate("read-back");
    const summary = await saver.threadSizeSummary("read-back", { lastN: 3 });
    expect(summary.recentCheckpoints.map((size) => size.checkpointId)).toEqual(
      [...ids].reverse().slice(0, 3),
    );
    expect(summary.checkpointCount).toBe(3);
  });

  it("listThreads lists the threads of both tiers once, newest first, with the larger tier's totals", async () => {
    const run = `catalog-${randomUUID()}/`;
    await putChain(saver, `${run}cold-only`, 2);
    await putChain(saver, `${run}read-back`, 4);
    await saver.flush();
    const coldBefore = await tier.cold.listThreads({ threadIdPrefix: run });
    await dropRedisCopies();
    await rehydrate(`${run}read-back`);
    await putChain(saver, `${run}hot`, 1);

    const whole = await saver.listThreads({ threadIdPrefix: run });
    expect(whole.nextCursor).toBeNull();
    expect(whole.threads.map((thread) => thread.threadId)).toEqual([
      `${run}hot`,
      `${run}read-back`,
      `${run}cold-only`,
    ]);
    const coldListing = new Map(coldBefore.threads.map((thread) => [thread.threadId, thread]));
    // Redis holds one checkpoint of the thread read back, the cold tier all four.
    expect(whole.threads[1]).toMatchObject({
      checkpointCount: 4,
      storedBytes: coldListing.get(`${run}read-back`)?.storedBytes,
    });
    expect(whole.threads[2]).toMatchObject({
      checkpointCount: 2,
      storedBytes: coldListing.get(`${run}cold-only`)?.storedBytes,
    });
    // Pages of one thread: the same threads, once each, in the same order.
    expect(await listingOf(saver, run)).toEqual(whole.threads);
  });

  it("a listThreads page sends Redis a bounded number of commands, whatever the number of threads", async () => {
    const run = `bounded-${randomUUID()}/`;
    for (let index = 0; index < 12; index += 1) await putChain(saver, `${run}${index}`, 1);
    await saver.flush();
    // Its polling shares the client: only the listing's commands are counted.
    await saver.flusher?.stop();
    const limit = 3;
    // Loads the listing's scripts, so the page counted runs them by their hash.
    await saver.listThreads({ threadIdPrefix: run, limit });
    const counter = await CommandCounter.watch(redis);
    try {
      const commands = await counter.count(() => saver.listThreads({ threadIdPrefix: run, limit }));
      // Each tier's listing is read at most TIER_READS_PER_PAGE times per page. A read of the
      // Redis saver's: one script per shard, then one per listed thread (two pipelines); of the
      // cold tier's: ZSCORE + EXISTS for each of its threads. None depends on the 12 threads.
      const shardCount = saver.hot.keyLayout.shardCount;
      const count = (name: string) => commands.filter((command) => command === name).length;
      expect(count("evalsha")).toBeLessThanOrEqual(TIER_READS_PER_PAGE * (shardCount + limit));
      expect(count("zscore")).toBeLessThanOrEqual(TIER_READS_PER_PAGE * limit);
      expect(count("exists")).toBe(count("zscore"));
      expect(commands.length).toBe(count("evalsha") + count("zscore") + count("exists"));
    } finally {
      counter.stop();
    }
  });

  it("listThreads refuses a cursor it did not make, such as the Redis tier's own", async () => {
    const run = `cursor-${randomUUID()}/`;
    for (const name of ["a", "b"]) await putChain(saver, `${run}${name}`, 1);
    const hotCursor = (await saver.hot.listThreads({ threadIdPrefix: run, limit: 1 })).nextCursor;
    expect(hotCursor).not.toBeNull();
    await expect(
      saver.listThreads({ threadIdPrefix: run, cursor: hotCursor as string }),
    ).rejects.toBeInstanceOf(InvalidConfigError);
  });

  it("listThreads with Redis down lists the cold tier alone", async () => {
    const run = `down-${randomUUID()}/`;
    await putChain(saver, `${run}a`, 2);
    await putChain(saver, `${run}b`, 1);
    await saver.flush();
    const offline = newRedisClient();
    const cut = await tieredSaver(offline, tier.cold, {
      keyPrefix: saver.hot.keyLayout.keyPrefix,
      flusher: false,
    });
    try {
      offline.disconnect();
      const listed = await cut.listThreads({ threadIdPrefix: run });
      expect(listed).toEqual(await tier.cold.listThreads({ threadIdPrefix: run }));
      expect(listed.threads.map((thread) => thread.threadId)).toEqual([`${run}b`, `${run}a`]);
    } finally {
      await cut.close();
    }
  });
});
