import {
  createCosmosFaultInjector,
  type FaultProxy,
  type OwnedTestServer,
  startFaultProxy,
  startRedisServer,
} from "@checkpointkit/conformance";
import { Redis } from "ioredis";
import type { ColdBatch } from "../src/cold-tier.js";
import type { TieredSaver } from "../src/index.js";
import { normalized } from "./support/acknowledged.js";
import { listedIds, putChain, threadConfig } from "./support/checkpoints.js";
import {
  cosmosColdTier,
  postgresColdTier,
  requiredEnv,
  type TestColdTier,
  tieredSaver,
} from "./support/test-tiers.js";
import { wrapColdTier } from "./support/wrapped-cold-tier.js";

/** Ids per thread in the order they were put, from a map of `putChain` results. */
async function putThreads(
  saver: TieredSaver,
  threads: string[],
  count: number,
): Promise<Map<string, string[]>> {
  const ids = new Map<string, string[]>();
  await Promise.all(
    threads.map(async (threadId) => ids.set(threadId, await putChain(saver, threadId, count))),
  );
  return ids;
}

/** What the cold tier lists per thread (each id once per listing: duplicates would show). */
async function coldIds(saver: TieredSaver, threads: string[]): Promise<Map<string, string[]>> {
  const ids = new Map<string, string[]>();
  for (const threadId of threads) ids.set(threadId, await listedIds(saver.cold, threadId));
  return ids;
}

describe("server faults", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function ownRedis(options: Parameters<typeof startRedisServer>[0]): Promise<{
    server: OwnedTestServer;
    client: Redis;
  }> {
    const server = await startRedisServer(options);
    const client = new Redis(server.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    cleanups.push(async () => {
      client.disconnect();
      await server.stop();
    });
    return { server, client };
  }

  async function coldTier(make: () => Promise<TestColdTier>): Promise<TestColdTier> {
    const tier = await make();
    cleanups.push(() => tier.drop());
    return tier;
  }

  async function saverOver(
    client: Redis,
    tier: TestColdTier,
    options: Parameters<typeof tieredSaver>[2] = {},
  ): Promise<TieredSaver> {
    const saver = await tieredSaver(client, tier.cold, { durableWhen: () => false, ...options });
    cleanups.push(() => saver.close());
    return saver;
  }

  it("Redis SIGKILLed mid-flush and restarted from its AOF: every acknowledged checkpoint reaches the cold tier once", async () => {
    const { server, client } = await ownRedis({ appendOnly: true, appendFsync: "always" });
    const tier = await coldTier(() => postgresColdTier());
    // A slow cold tier keeps the flush going while Redis dies.
    const slow = wrapColdTier(tier.cold, () => new Promise((resolve) => setTimeout(resolve, 50)));
    const saver = await saverOver(
      client,
      { ...tier, cold: slow },
      {
        acknowledgement: "aof",
        flusher: { pollIntervalMs: 20, batchSize: 5, retryBaseDelayMs: 20, retryMaxDelayMs: 200 },
      },
    );
    const threads = ["aof-1", "aof-2", "aof-3"];
    const ids = await putThreads(saver, threads, 15);
    expect((await saver.metrics()).backlog).toBeGreaterThan(0);
    await server.kill();
    await server.restart();
    await saver.flush(undefined, { timeoutMs: 20_000 });
    expect(normalized(await coldIds(saver, threads))).toEqual(normalized(ids));
  }, 60_000);

  it("Redis restarted empty: flushed checkpoints are served from the cold tier, and writing goes on", async () => {
    const { server, client } = await ownRedis({});
    const tier = await coldTier(() => postgresColdTier());
    const saver = await saverOver(client, tier);
    const ids = await putChain(saver, "amnesia", 5);
    await saver.flush();
    await server.kill();
    await server.restart();
    await expect(client.ping()).resolves.toBe("PONG");
    expect(await saver.hot.getTuple(threadConfig("amnesia"))).toBeUndefined();

    const latest = await saver.getTuple(threadConfig("amnesia"));
    expect(latest?.checkpoint.id).toBe(ids[4]);
    expect(await listedIds(saver, "amnesia")).toEqual([...ids].reverse());
    const more = await putChain(saver, "amnesia-after", 3);
    await saver.flush(undefined, { timeoutMs: 10_000 });
    expect(await listedIds(saver.cold, "amnesia-after")).toEqual([...more].reverse());
  }, 30_000);

  it("the cold tier cut off for 10 s: puts keep being acknowledged, the backlog drains in order afterwards", async () => {
    const proxy: FaultProxy = await startFaultProxy({ targetUrl: requiredEnv("POSTGRES_URL") });
    cleanups.push(() => proxy.close());
    const tier = await coldTier(() => postgresColdTier(proxy.url));
    const written: string[] = [];
    const recording = wrapColdTier(tier.cold, (batch: ColdBatch) => {
      for (const record of batch.checkpoints)
        written.push(`${record.threadId} ${record.checkpointId}`);
    });
    const redis = new Redis(requiredEnv("REDIS_URL"), { maxRetriesPerRequest: 1 });
    cleanups.push(async () => void (await redis.quit()));
    const saver = await saverOver(
      redis,
      { ...tier, cold: recording },
      {
        flusher: { pollIntervalMs: 20, batchSize: 10, retryBaseDelayMs: 50, retryMaxDelayMs: 500 },
      },
    );
    await saver.setup();

    proxy.refuseNew(true);
    proxy.cutAll();
    const cutAt = Date.now();
    const threads = ["cut-1", "cut-2", "cut-3", "cut-4"];
    const ids = await putThreads(saver, threads, 25);
    const during = await saver.metrics();
    expect(during.backlog).toBe(100);
    // Redis still serves the latest checkpoints (`list` needs both tiers, so it waits).
    expect((await saver.getTuple(threadConfig("cut-1")))?.checkpoint.id).toBe(
      ids.get("cut-1")![24],
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10_000 - (Date.now() - cutAt))));
    expect((await saver.metrics()).backlog).toBe(100);
    proxy.heal();

    await saver.flush(undefined, { timeoutMs: 30_000 });
    expect(normalized(await coldIds(saver, threads))).toEqual(normalized(ids));
    // In order: each thread's checkpoints reached the cold tier oldest first.
    for (const threadId of threads) {
      const order = written
        .filter((line) => line.startsWith(`${threadId} `))
        .map((line) => line.split(" ")[1]);
      const firstWrites = order.filter((id, index) => order.indexOf(id) === index);
      expect(firstWrites).toEqual(ids.get(threadId));
    }
  }, 60_000);

  it("a 429 storm on Cosmos DB: the flush waits it out, every checkpoint stored once", async () => {
    const injector = createCosmosFaultInjector();
    const tier = await coldTier(() => cosmosColdTier({ plugins: [injector.plugin] }));
    const redis = new Redis(requiredEnv("REDIS_URL"), { maxRetriesPerRequest: 1 });
    cleanups.push(async () => void (await redis.quit()));
    const saver = await saverOver(redis, tier, {
      flusher: { pollIntervalMs: 20, retryBaseDelayMs: 20, retryMaxDelayMs: 200 },
    });
    const threads = ["storm-1", "storm-2"];
    injector.inject429(150, 5, { operationType: "batch" });
    const ids = await putThreads(saver, threads, 10);
    await saver.flush(undefined, { timeoutMs: 30_000 });
    expect(injector.requests.filter((request) => request.injectedStatus === 429).length).toBe(150);
    expect(normalized(await coldIds(saver, threads))).toEqual(normalized(ids));
  }, 60_000);

  it.each([
    ["PostgreSQL", () => postgresColdTier()],
    ["Cosmos DB", () => cosmosColdTier()],
  ])(
    "deleteThread racing a flush of the same thread (%s): the thread stays deleted",
    async (_name, make) => {
      const tier = await coldTier(make);
      const signal = () => {
        let resolve: () => void = () => {};
        const promise = new Promise<void>((done) => {
          resolve = done;
        });
        return { promise, resolve };
      };
      const flushReadThread = signal();
      const resumeFlush = signal();
      const staleBatchCommitted = signal();
      const releaseReplayedDelete = signal();
      let deletes = 0;
      const gated = wrapColdTier(tier.cold, {
        async beforeWrite(batch) {
          if (!batch.checkpoints.some((record) => record.threadId === "racing")) return;
          flushReadThread.resolve();
          await resumeFlush.promise;
        },
        afterWrite(batch) {
          if (batch.checkpoints.some((record) => record.threadId === "racing"))
            staleBatchCommitted.resolve();
        },
        async beforeDelete() {
          // The first delete is the caller's; later ones are the flusher replaying the delete
          // entry, held back so they cannot hide a resurrection.
          deletes += 1;
          if (deletes > 1) await releaseReplayedDelete.promise;
        },
      });
      const redis = new Redis(requiredEnv("REDIS_URL"), { maxRetriesPerRequest: 1 });
      cleanups.push(async () => void (await redis.quit()));
      const saver = await saverOver(redis, { ...tier, cold: gated });
      await putChain(saver, "racing", 4);
      // The flusher has read the thread from Redis and is about to write it to the cold tier.
      await flushReadThread.promise;
      await saver.deleteThread("racing");
      resumeFlush.resolve();
      await staleBatchCommitted.promise;
      // The stale batch went through the cold tier after the delete: its fence kept it out.
      expect(await listedIds(saver.cold, "racing")).toEqual([]);
      releaseReplayedDelete.resolve();
      await saver.flush(undefined, { timeoutMs: 20_000 });
      expect(await listedIds(saver.cold, "racing")).toEqual([]);
      expect(await saver.getTuple(threadConfig("racing"))).toBeUndefined();

      // The same thread id written after the delete is flushed as usual.
      const after = await putChain(saver, "racing", 2);
      await saver.flush(undefined, { timeoutMs: 20_000 });
      expect(await listedIds(saver.cold, "racing")).toEqual([...after].reverse());
    },
    60_000,
  );
});
