import type { RunnableConfig } from "@langchain/core/runnables";
import {
  type ChannelVersions,
  type Checkpoint,
  emptyCheckpoint,
  uuid6,
} from "@langchain/langgraph-checkpoint";
import type { Redis } from "ioredis";
import type { ColdTier } from "../src/cold-tier.js";
import type { TieredSaver } from "../src/index.js";
import { catalogReadsOf } from "./support/cold-tier-catalog.js";
import { CommandCounter } from "./support/command-counter.js";
import {
  newRedisClient,
  postgresColdTier,
  type TestColdTier,
  tieredSaver,
} from "./support/test-tiers.js";
import { waitUntil } from "./support/wait-until.js";

const METADATA = { source: "loop" as const, step: 0, parents: {} };

/** Counts the cold tier's reads, so a test can tell which tier answered. */
function countingColdTier(inner: ColdTier): { cold: ColdTier; reads: string[] } {
  const reads: string[] = [];
  const cold: ColdTier = {
    backend: inner.backend,
    saver: inner.saver,
    setup: () => inner.setup(),
    writeBatch: (batch) => inner.writeBatch(batch),
    deleteThread: (threadId, fence) => inner.deleteThread(threadId, fence),
    coldHead: (threadId, ns) => inner.coldHead(threadId, ns),
    ...catalogReadsOf(inner),
    close: () => inner.close(),
    getTuple(config) {
      reads.push("getTuple");
      return inner.getTuple(config);
    },
    list(config, options) {
      reads.push("list");
      return inner.list(config, options);
    },
    getDeltaChannelHistory(request) {
      reads.push("getDeltaChannelHistory");
      return inner.getDeltaChannelHistory!(request);
    },
  };
  return { cold, reads };
}

function checkpoint(values: Record<string, unknown>): Checkpoint {
  const versions = Object.fromEntries(Object.keys(values).map((channel) => [channel, 1]));
  return {
    ...emptyCheckpoint(),
    id: uuid6(-1),
    channel_values: values,
    channel_versions: versions,
  };
}

/**
 * Puts `count` checkpoints after `start` (each the parent of the next), each followed by one
 * write to `log`. With `seeded`, the first checkpoint of the thread stores `log = [0]`.
 */
async function putLogChain(
  saver: TieredSaver,
  start: RunnableConfig,
  count: number,
  options: { firstStep: number; seeded: boolean },
): Promise<RunnableConfig> {
  let config = start;
  for (let index = 0; index < count; index++) {
    const step = options.firstStep + index;
    const values = step === 0 && options.seeded ? { log: [0] } : {};
    const versions: ChannelVersions = step === 0 && options.seeded ? { log: 1 } : {};
    config = await saver.put(config, checkpoint(values), METADATA, versions);
    await saver.putWrites(config, [["log", [step + 1]]], `task-${step}`);
  }
  return config;
}

function expectedWrites(count: number) {
  return Array.from({ length: count }, (_unused, step) => [`task-${step}`, "log", [step + 1]]);
}

describe("getDeltaChannelHistory across the tiers", () => {
  let redis: Redis;
  let tier: TestColdTier;
  let saver: TieredSaver;

  beforeEach(async () => {
    redis = newRedisClient();
    tier = await postgresColdTier();
  });
  afterEach(async () => {
    await saver.close();
    await tier.drop();
    await redis.quit();
  });

  /**
   * Puts a 30-deep chain into a saver without flusher and reads its `log` history once the
   * scripts are cached (the first read may take NOSCRIPT, then EVAL): the commands that read
   * sent, and the cold reads so far (the array keeps growing with later reads).
   */
  async function hotHistory(thread: RunnableConfig, seeded: boolean) {
    const counting = countingColdTier(tier.cold);
    saver = await tieredSaver(redis, counting.cold, { flusher: false });
    // setup() asked the cold tier whether it is empty (to start the cold-thread record).
    counting.reads.length = 0;
    const target = await putLogChain(saver, thread, 30, { firstStep: 0, seeded });
    await saver.getDeltaChannelHistory({ config: target, channels: ["log"] });
    const counter = await CommandCounter.watch(redis);
    try {
      let history: Awaited<ReturnType<TieredSaver["getDeltaChannelHistory"]>> = {};
      const commands = await counter.count(async () => {
        history = await saver.getDeltaChannelHistory({ config: target, channels: ["log"] });
      });
      return { commands, history, coldReads: counting.reads };
    } finally {
      counter.stop();
    }
  }

  it("a 30-deep chain held in Redis takes one script, and no cold read", async () => {
    const thread = { configurable: { thread_id: "deep:{thread}*", checkpoint_ns: "n/s:1" } };
    const { commands, history, coldReads } = await hotHistory(thread, true);
    expect(commands).toEqual(["evalsha"]);
    expect(history.log?.seed).toEqual([0]);
    expect(history.log?.writes).toEqual(expectedWrites(29));
    // Without a checkpoint id: the latest checkpoint, which is the same one.
    expect(await saver.getDeltaChannelHistory({ config: thread, channels: ["log"] })).toEqual(
      history,
    );
    expect(coldReads).toEqual([]);
  });

  it("a chain without a seed in Redis takes one script too (the walk ends at the root), no cold read", async () => {
    // Ids with characters the key encoding escapes: the walk must find every ancestor's field.
    const thread = { configurable: { thread_id: "t:%{x}~#", checkpoint_ns: "a:b\\c[1]?" } };
    const { commands, history, coldReads } = await hotHistory(thread, false);
    expect(commands).toEqual(["evalsha"]);
    expect(history.log).toEqual({ writes: expectedWrites(29) });
    expect(coldReads).toEqual([]);
  });

  it("a chain whose older half was swept from Redis is answered in full by the cold tier", async () => {
    const counting = countingColdTier(tier.cold);
    saver = await tieredSaver(redis, counting.cold, {
      flusher: { pollIntervalMs: 20, hotTtlSeconds: 1, sweepIntervalMs: 100 },
    });
    const thread = { configurable: { thread_id: "half-swept", checkpoint_ns: "" } };
    const half = await putLogChain(saver, thread, 15, { firstStep: 0, seeded: true });
    await saver.flush();
    await waitUntil(async () => (await saver.hot.getTuple(thread)) === undefined, "swept");
    // Reading the latest checkpoint rehydrates it alone: its ancestors stay only in PostgreSQL.
    expect((await saver.getTuple(thread))?.checkpoint.id).toBe(half.configurable?.checkpoint_id);
    await waitUntil(async () => (await saver.hot.getTuple(thread)) !== undefined, "rehydrated");
    const target = await putLogChain(saver, half, 15, { firstStep: 15, seeded: true });
    // Redis alone would stop at the rehydrated checkpoint: 15 writes and no seed.
    const hotOnly = await saver.hot.getDeltaChannelHistory({ config: target, channels: ["log"] });
    expect(hotOnly.log?.seed).toBeUndefined();
    counting.reads.length = 0;

    const history = await saver.getDeltaChannelHistory({ config: target, channels: ["log"] });
    expect(history.log?.seed).toEqual([0]);
    expect(history.log?.writes).toEqual(expectedWrites(29));
    expect(counting.reads).toEqual(["getDeltaChannelHistory"]);
  });

  it("with Redis unreachable the cold tier answers", async () => {
    const counting = countingColdTier(tier.cold);
    saver = await tieredSaver(redis, counting.cold);
    const thread = { configurable: { thread_id: "outage", checkpoint_ns: "" } };
    const target = await putLogChain(saver, thread, 5, { firstStep: 0, seeded: true });
    await saver.flush();
    await saver.flusher?.stop();
    redis.disconnect();
    counting.reads.length = 0;
    const history = await saver.getDeltaChannelHistory({ config: target, channels: ["log"] });
    expect(history.log).toEqual({ seed: [0], writes: expectedWrites(4) });
    expect(counting.reads).toEqual(["getDeltaChannelHistory"]);
    redis = newRedisClient();
  });
});
