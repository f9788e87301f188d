import type { RunnableConfig } from "@langchain/core/runnables";
import type { Redis } from "ioredis";
import { RedisKeyLayout, type RedisSaver } from "../src/index.js";
import { REDIS_SCRIPTS } from "../src/redis-scripts.js";
import { PRUNE_CHECKPOINTS_PER_SCRIPT, PRUNE_THREADS_PER_SCRIPT } from "../src/thread-pruning.js";
import { CommandCounter } from "./command-counter.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig } from "./fixtures.js";
import { freshKeyPrefix, newClient, saverOnSharedServer } from "./redis-test-saver.js";

const THREADS = 1000;
const SHARDS = 4;
/** Threads of the race test: more than one page per shard, so the walk crosses pages. */
const RACING_THREADS = 600;
/** The tests fill thousands of checkpoints first; a busy machine takes a while. */
const FILL_HEAVY_TEST_TIMEOUT_MS = 180_000;
const FILL_CONCURRENCY = 16;
/** Channel versions only grow, so every step stores a value of its own. */
let lastVersion = 0;

/** Puts `steps` checkpoints on each thread (each step a new `step` version). */
async function putSteps(
  saver: RedisSaver,
  threadIds: readonly string[],
  steps: number,
  heads: Map<string, RunnableConfig>,
): Promise<void> {
  let next = 0;
  const fillOne = async () => {
    while (next < threadIds.length) {
      const threadId = threadIds[next++]!;
      for (let step = 0; step < steps; step++) {
        const checkpoint = makeCheckpoint({ step: `${threadId} ${step}` });
        const version = ++lastVersion;
        checkpoint.channel_versions = { step: version };
        const parent = heads.get(threadId) ?? threadConfig(threadId);
        heads.set(threadId, await saver.put(parent, checkpoint, LOOP_METADATA, { step: version }));
      }
    }
  };
  await Promise.all(Array.from({ length: FILL_CONCURRENCY }, fillOne));
}

async function checkpointCount(saver: RedisSaver, threadId: string): Promise<number> {
  let count = 0;
  for await (const _tuple of saver.list(threadConfig(threadId))) count += 1;
  return count;
}

describe("prune over many threads (commands counted with MONITOR)", () => {
  let client: Redis;
  let counter: CommandCounter;

  beforeAll(async () => {
    client = newClient();
    counter = await CommandCounter.watch(client);
  });

  afterAll(async () => {
    await counter.stop();
    await client.quit();
  });

  it(
    "costs one script per shard and page of threads, not one per thread",
    async () => {
      const saver = saverOnSharedServer(client, { shardCount: SHARDS });
      const threadIds = Array.from({ length: THREADS }, (_unused, index) => `many-${index}`);
      await putSteps(saver, threadIds, 2, new Map());
      // Loads the script (a first run answers NOSCRIPT and is sent again) and deletes nothing.
      expect(await saver.prune({ keepLatest: 2 })).toEqual({ deletedCheckpoints: 0 });

      let deleted = 0;
      const commands = await counter.count(async () => {
        deleted = (await saver.prune({ keepLatest: 1 })).deletedCheckpoints;
      });

      expect(deleted).toBe(THREADS);
      // Each shard: one script per page of threads, plus the first read and the step after
      // its last page (at most two more per shard).
      expect(commands.length).toBeLessThanOrEqual(
        Math.ceil(THREADS / PRUNE_THREADS_PER_SCRIPT) + 2 * SHARDS,
      );
      expect(commands.every((command) => command.name === "evalsha")).toBe(true);
      for (const threadId of threadIds.slice(0, 20)) {
        expect(await checkpointCount(saver, threadId)).toBe(1);
        const latest = await saver.getTuple(threadConfig(threadId));
        expect(latest?.checkpoint.channel_values).toEqual({ step: `${threadId} 1` });
      }
    },
    FILL_HEAVY_TEST_TIMEOUT_MS,
  );

  it(
    "puts running during the walk lose nothing, and every thread that existed is pruned",
    async () => {
      const saver = saverOnSharedServer(client, { shardCount: SHARDS });
      const threadIds = Array.from(
        { length: RACING_THREADS },
        (_unused, index) => `racing-${index}`,
      );
      const heads = new Map<string, RunnableConfig>();
      await putSteps(saver, threadIds, 3, heads);

      // Every tenth thread gets two more checkpoints while the prune walks the index: it moves
      // to the end of its shard's index (a newer score) and may be visited again.
      const writers = putSteps(
        saver,
        threadIds.filter((_threadId, index) => index % 10 === 0),
        2,
        heads,
      );
      const result = await saver.prune({ keepLatest: 2 });
      await writers;

      // Untouched threads lost exactly one checkpoint; a racing thread lost its oldest one or more.
      expect(result.deletedCheckpoints).toBeGreaterThanOrEqual(RACING_THREADS);
      for (const [index, threadId] of threadIds.entries()) {
        const count = await checkpointCount(saver, threadId);
        if (index % 10 === 0) expect(count).toBeGreaterThanOrEqual(2);
        else expect(count).toBe(2);
      }
      for (const threadId of threadIds.filter((_threadId, index) => index % 10 === 0)) {
        const latest = await saver.getTuple(threadConfig(threadId));
        expect(latest?.checkpoint.channel_values).toEqual({ step: `${threadId} 1` });
        expect(latest?.config.configurable?.checkpoint_id).toBe(
          heads.get(threadId)?.configurable?.checkpoint_id,
        );
      }
    },
    FILL_HEAVY_TEST_TIMEOUT_MS,
  );

  it("a page after a cursor thread that moved or left goes on after its (score, id) in byte order", async () => {
    const layout = new RedisKeyLayout({ keyPrefix: freshKeyPrefix("prune-cursor"), shardCount: 1 });
    const index = layout.shardKeys(0).threads;
    // Score 5 holds "a", "b", "b\u00e9" and "c"; "b2" (the cursor) is gone; then "d" at 6.
    await client.zadd(index, 5, "a", 5, "b", 5, "b\u00e9", 5, "c", 6, "d");
    const page = async (afterScore: string, afterId: string, size: number) => {
      const reply = (await REDIS_SCRIPTS.pruneShardPage.run(
        client,
        [index],
        ["1", "", afterScore, afterId, size, PRUNE_CHECKPOINTS_PER_SCRIPT],
      )) as [number, number, unknown[], Buffer[]];
      return reply[3].map(String);
    };
    expect(await page("5", "b2", 10)).toEqual(["b\u00e9", "5", "c", "5", "d", "6"]);
    expect(await page("5", "b2", 2)).toEqual(["b\u00e9", "5", "c", "5"]);
    // The cursor thread still in place: the page starts right after its rank.
    expect(await page("5", "b", 2)).toEqual(["b\u00e9", "5", "c", "5"]);
    expect(await page("", "", 10)).toEqual([
      "a",
      "5",
      "b",
      "5",
      "b\u00e9",
      "5",
      "c",
      "5",
      "d",
      "6",
    ]);
    // The cursor thread written meanwhile (score 7): the rest of its old score group, then on.
    await client.zadd(index, 7, "b");
    expect(await page("5", "b", 10)).toEqual(["b\u00e9", "5", "c", "5", "d", "6", "b", "7"]);
  });

  it(
    "a script stops at its checkpoint budget and the next one goes on with the rest of the page",
    async () => {
      const saver = saverOnSharedServer(client, { shardCount: 1 });
      const perThread = 250;
      const threadIds = Array.from({ length: 10 }, (_unused, index) => `large-${index}`);
      await putSteps(saver, threadIds, perThread, new Map());
      expect(await saver.prune({ keepLatest: perThread })).toEqual({ deletedCheckpoints: 0 });

      let deleted = 0;
      const commands = await counter.count(async () => {
        deleted = (await saver.prune({ keepLatest: 1 })).deletedCheckpoints;
      });

      expect(deleted).toBe(threadIds.length * (perThread - 1));
      // The page of 10 threads holds 2,500 checkpoints: the budget of 2,000 ends the first
      // pruning script after 8 threads, a third one prunes the other 2.
      expect(PRUNE_CHECKPOINTS_PER_SCRIPT).toBe(2000);
      expect(commands.map((command) => command.name)).toEqual(["evalsha", "evalsha", "evalsha"]);
      for (const threadId of threadIds) expect(await checkpointCount(saver, threadId)).toBe(1);
    },
    FILL_HEAVY_TEST_TIMEOUT_MS,
  );
});
