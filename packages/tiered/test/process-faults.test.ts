import type { Redis } from "ioredis";
import { Flusher, type TieredSaver } from "../src/index.js";
import { acknowledgedFromLines, normalized } from "./support/acknowledged.js";
import { putChain } from "./support/checkpoints.js";
import {
  freshKeyPrefix,
  newRedisClient,
  postgresColdTier,
  requiredEnv,
  type TestPostgresColdTier,
  tieredSaver,
} from "./support/test-tiers.js";
import { startWorker, type WorkerProcess } from "./support/worker-process.js";

const SHARDS = 8;

/**
 * Writers and flushers SIGKILLed at the worst moments. Each test ends with the cold tier
 * holding exactly the acknowledged checkpoints: none lost, none twice.
 */
describe("process faults", () => {
  let redis: Redis;
  let tier: TestPostgresColdTier;
  let worker: WorkerProcess | undefined;
  let saver: TieredSaver | undefined;

  beforeAll(() => {
    redis = newRedisClient();
  });
  beforeEach(async () => {
    tier = await postgresColdTier();
    await tier.cold.setup();
  });
  afterEach(async () => {
    await worker?.kill();
    worker = undefined;
    await saver?.close();
    saver = undefined;
    await tier.drop();
  });
  afterAll(async () => {
    await redis.quit();
  });

  /** A test/workers/tiered-worker.ts process writing `count` puts over `threads`. */
  function startWriter(mode: string, keyPrefix: string, threads: string[], count: number) {
    return startWorker({
      mode,
      redisUrl: requiredEnv("REDIS_URL"),
      postgresUrl: requiredEnv("POSTGRES_URL"),
      schema: tier.schema,
      keyPrefix,
      shardCount: SHARDS,
      threads,
      count,
    });
  }

  /** A saver whose flusher takes over a dead flusher's entries after 300 ms. */
  function rescuer(keyPrefix: string): Promise<TieredSaver> {
    return tieredSaver(redis, tier.cold, {
      keyPrefix,
      shardCount: SHARDS,
      flusher: { pollIntervalMs: 20, claimIdleMs: 300, claimIntervalMs: 100 },
    });
  }

  it("SIGKILL of the writer right after its last put resolves: another flusher finishes the job", async () => {
    const keyPrefix = freshKeyPrefix();
    worker = startWriter("writer", keyPrefix, ["w-1", "w-2", "w-3"], 60);
    await worker.waitForLine(/^DONE$/, 60_000);
    await worker.kill();
    const acknowledged = acknowledgedFromLines(worker.lines);
    expect([...acknowledged.values()].flat()).toHaveLength(60);
    const observer = await tieredSaver(redis, tier.cold, {
      keyPrefix,
      shardCount: SHARDS,
      flusher: false,
    });
    // The dead writer left work behind: entries it never read, and some it was flushing.
    expect((await observer.metrics()).backlog).toBeGreaterThan(0);
    await observer.close();

    saver = await rescuer(keyPrefix);
    await saver.flush(undefined, { timeoutMs: 20_000 });
    expect(normalized(await tier.storedCheckpointIds())).toEqual(normalized(acknowledged));
  }, 90_000);

  it("SIGKILL of a writer whose flusher runs in a worker thread: another flusher finishes the job", async () => {
    const keyPrefix = freshKeyPrefix();
    worker = startWriter("thread-writer", keyPrefix, ["t-1", "t-2", "t-3"], 60);
    await worker.waitForLine(/^MODE worker$/, 60_000);
    await worker.waitForLine(/^DONE$/, 60_000);
    await worker.kill();
    const acknowledged = acknowledgedFromLines(worker.lines);
    expect([...acknowledged.values()].flat()).toHaveLength(60);
    saver = await rescuer(keyPrefix);
    await saver.flush(undefined, { timeoutMs: 20_000 });
    expect(normalized(await tier.storedCheckpointIds())).toEqual(normalized(acknowledged));
  }, 90_000);

  it("close() ends the worker thread: the process exits by itself", async () => {
    worker = startWriter("close-exits", freshKeyPrefix(), ["c-1"], 5);
    await worker.waitForLine(/^MODE worker$/, 60_000);
    await worker.waitForLine(/^CLOSED$/, 60_000);
    expect(await worker.exited).toBe(0);
    expect(worker.stderr()).toBe("");
    expect((await tier.storedCheckpointIds()).get("c-1")).toHaveLength(5);
  }, 90_000);

  it("SIGKILL of a flusher between its cold commit and its acknowledgement: the batch is flushed again, once", async () => {
    const keyPrefix = freshKeyPrefix();
    const writer = await tieredSaver(redis, tier.cold, {
      keyPrefix,
      shardCount: SHARDS,
      flusher: false,
      durableWhen: () => false,
    });
    const ids = new Map<string, string[]>();
    for (const threadId of ["f-1", "f-2", "f-3"])
      ids.set(threadId, await putChain(writer, threadId, 12));
    worker = startWorker({
      mode: "stalling-flusher",
      redisUrl: requiredEnv("REDIS_URL"),
      postgresUrl: requiredEnv("POSTGRES_URL"),
      schema: tier.schema,
      keyPrefix,
      shardCount: SHARDS,
    });
    await worker.waitForLine(/^COMMITTED \d+$/, 60_000);
    await worker.kill();
    // Committed but never acknowledged: all 36 entries are still in the outbox.
    expect((await writer.metrics()).backlog).toBe(36);
    const committedBeforeKill = [...(await tier.storedCheckpointIds()).values()].flat().length;
    expect(committedBeforeKill).toBeGreaterThan(0);

    saver = await rescuer(keyPrefix);
    await saver.flush(undefined, { timeoutMs: 20_000 });
    expect(normalized(await tier.storedCheckpointIds())).toEqual(normalized(ids));
    await writer.close();
  }, 90_000);

  it("two flushers racing over one outbox flush every entry once", async () => {
    const keyPrefix = freshKeyPrefix();
    const writer = await tieredSaver(redis, tier.cold, {
      keyPrefix,
      shardCount: SHARDS,
      flusher: false,
      durableWhen: () => false,
    });
    const clients = [newRedisClient(), newRedisClient()];
    const flushers = clients.map(
      (client) =>
        new Flusher({
          client,
          cold: tier.cold,
          keyLayout: writer.hot.keyLayout,
          pollIntervalMs: 5,
          batchSize: 4,
        }),
    );
    for (const flusher of flushers) flusher.start();
    const threads = Array.from({ length: 8 }, (_unused, index) => `race-${index}`);
    const ids = new Map<string, string[]>();
    await Promise.all(
      threads.map(async (threadId) => ids.set(threadId, await putChain(writer, threadId, 15))),
    );
    await writer.flush(undefined, { timeoutMs: 20_000 });
    for (const flusher of flushers) await flusher.stop();
    expect(normalized(await tier.storedCheckpointIds())).toEqual(normalized(ids));
    const flushedEntries = flushers.map((flusher) => flusher.counters.flushedEntries);
    expect(flushedEntries[0]! + flushedEntries[1]!).toBe(120);
    await writer.close();
    for (const client of clients) await client.quit();
  }, 60_000);
});
