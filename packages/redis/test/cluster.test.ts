import { describeCheckpointSaver, describeThreadCatalog } from "@checkpointkit/conformance";
import { BackendUnavailableError } from "@checkpointkit/core";
import type { Cluster } from "ioredis";
import { RedisSaver, ShallowRedisSaver } from "../src/index.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig, versionsOf } from "./fixtures.js";
import { closedPort } from "./ports.js";
import { redisHarness } from "./redis-harness.js";
import { freshKeyPrefix } from "./redis-test-saver.js";
import { useSharedRedisCluster } from "./shared-redis-cluster.js";

// One cluster for the whole file, shared with every spec below.
const cluster = useSharedRedisCluster();

const onCluster = () =>
  redisHarness("RedisSaver (3-master Redis Cluster)", async () => {
    const client = cluster.connect();
    return { client, release: async () => void (await client.quit()) };
  });

describeCheckpointSaver(onCluster(), { ttl: true, prune: true, copyThread: true });

describeThreadCatalog(onCluster(), { ttl: true, prune: true, copyThread: true });

describe("Redis Cluster specifics", () => {
  let client: Cluster;
  beforeAll(() => {
    client = cluster.connect();
  });
  afterAll(async () => {
    await client.quit();
  });

  it("threads spread over all three masters, each thread's keys (and its shard's outbox) in one slot", async () => {
    const saver = new RedisSaver({ client, keyPrefix: freshKeyPrefix("cluster"), outbox: {} });
    const owners = new Set<string>();
    for (let index = 0; index < 40; index++) {
      const thread = threadConfig(`cluster-thread-${index}`);
      const checkpoint = makeCheckpoint({ index });
      const config = await saver.put(thread, checkpoint, LOOP_METADATA, versionsOf(checkpoint));
      await saver.putWrites(config, [["index", index + 1]], "task");
      const threadId = `cluster-thread-${index}`;
      const shard = saver.keyLayout.shardOf(threadId);
      const keys = [
        ...Object.values(saver.keyLayout.threadKeys(threadId)),
        ...Object.values(saver.keyLayout.shardKeys(shard)),
      ];
      const slots = new Set(await Promise.all(keys.map((key) => client.cluster("KEYSLOT", key))));
      expect(slots.size).toBe(1);
      const [slot] = slots;
      const ranges = (await client.cluster("SLOTS")) as unknown as [
        number,
        number,
        [string, number],
      ][];
      const owner = ranges.find(([from, to]) => Number(slot) >= from && Number(slot) <= to)?.[2];
      owners.add(`${owner?.[0]}:${owner?.[1]}`);
      expect((await saver.getTuple(thread))?.pendingWrites).toEqual([["task", "index", index + 1]]);
    }
    expect(owners.size).toBe(3);
    // Global listing visits every shard, whichever node holds it.
    let listed = 0;
    for await (const _tuple of saver.list({})) listed++;
    expect(listed).toBe(40);
    // copyThread across nodes (two round trips, one per slot).
    await saver.copyThread("cluster-thread-0", "cluster-thread-copy");
    expect(
      (await saver.getTuple(threadConfig("cluster-thread-copy")))?.checkpoint.channel_values,
    ).toEqual({
      index: 0,
    });
    // Copying into a thread that holds data merges, in one script on the target's node (the
    // value of channel "index" at version 1 is the target's: a version both hold keeps it).
    await saver.copyThread("cluster-thread-1", "cluster-thread-copy");
    const merged = [];
    for await (const tuple of saver.list(threadConfig("cluster-thread-copy"))) {
      merged.push([tuple.checkpoint.id, tuple.pendingWrites]);
    }
    const sourceIds = [];
    for (const threadId of ["cluster-thread-1", "cluster-thread-0"]) {
      sourceIds.push((await saver.getTuple(threadConfig(threadId)))?.checkpoint.id);
    }
    expect(merged).toEqual([
      [sourceIds[0], [["task", "index", 2]]],
      [sourceIds[1], [["task", "index", 1]]],
    ]);
  });

  it("listThreads merges the shard indexes of all masters, with counts and sizes from each thread's node", async () => {
    const saver = new RedisSaver({ client, keyPrefix: freshKeyPrefix("cluster-catalog") });
    const ids = Array.from({ length: 30 }, (_unused, index) => `catalog-${index}`);
    const sizes = new Map<string, number>();
    for (const [index, threadId] of ids.entries()) {
      let config = threadConfig(threadId);
      let bytes = 0;
      for (let step = 0; step <= index % 3; step++) {
        const checkpoint = makeCheckpoint({ step, text: "x".repeat(10 * index) });
        config = await saver.put(config, checkpoint, LOOP_METADATA, versionsOf(checkpoint));
        bytes += (await saver.getCheckpointSize(config))?.storedBytes ?? 0;
      }
      sizes.set(threadId, bytes);
    }
    const listed = [];
    let cursor: string | undefined;
    do {
      const page = await saver.listThreads({ limit: 7, cursor });
      listed.push(...page.threads);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    // Threads written in the same millisecond are ordered by id: compare with the scores.
    const scores = new Map<string, number>();
    for (const threadId of ids) {
      const threadsKey = saver.keyLayout.shardKeys(saver.keyLayout.shardOf(threadId)).threads;
      scores.set(threadId, Number(await client.zscore(threadsKey, threadId)));
    }
    const expected = [...ids].sort(
      (left, right) =>
        scores.get(right)! - scores.get(left)! ||
        Buffer.compare(Buffer.from(left), Buffer.from(right)),
    );
    expect(listed.map(({ threadId }) => threadId)).toEqual(expected);
    for (const listing of listed) {
      expect(listing.checkpointCount).toBe((ids.indexOf(listing.threadId) % 3) + 1);
      expect(listing.storedBytes).toBe(sizes.get(listing.threadId));
    }
    const prefixed = await saver.listThreads({ threadIdPrefix: "catalog-2" });
    expect(prefixed.threads.map(({ threadId }) => threadId).sort()).toEqual(
      ["catalog-2", ...Array.from({ length: 10 }, (_unused, index) => `catalog-2${index}`)].sort(),
    );
  });
});

describe("RedisSaver.fromCluster", () => {
  /** Puts one checkpoint in each of `count` threads (spread over the masters), reads them back. */
  async function roundTrip(saver: RedisSaver, count: number): Promise<void> {
    for (let index = 0; index < count; index++) {
      const thread = threadConfig(`from-cluster-${index}`);
      const checkpoint = makeCheckpoint({ index });
      const config = await saver.put(thread, checkpoint, LOOP_METADATA, versionsOf(checkpoint));
      await saver.putWrites(config, [["index", index + 1]], "task");
      expect((await saver.getTuple(thread))?.pendingWrites).toEqual([["task", "index", index + 1]]);
    }
  }

  it("owns a Cluster built from ioredis startup nodes: listens to its errors, close() ends it", async () => {
    const nodes = cluster.running().startupNodes.map(({ host, port }) => ({ host, port }));
    const saver = RedisSaver.fromCluster(nodes, { keyPrefix: freshKeyPrefix("from-cluster") });
    const client = saver.client as Cluster;
    expect(client.isCluster).toBe(true);
    expect(client.listenerCount("error")).toBeGreaterThan(0);
    await saver.setup();
    await roundTrip(saver, 12);
    await saver.close();
    expect(client.status).toBe("end");
  });

  it("takes the official saver's { url } nodes; ShallowRedisSaver.fromCluster keeps one checkpoint", async () => {
    const nodes = cluster.running().startupNodes.map(({ host, port }) => ({
      url: `redis://${host}:${port}`,
    }));
    const saver = ShallowRedisSaver.fromCluster(nodes, {
      keyPrefix: freshKeyPrefix("shallow-cluster"),
    });
    try {
      expect(saver.history).toBe("latest");
      const thread = threadConfig("shallow-cluster-thread");
      let config = thread;
      for (let step = 0; step < 3; step++) {
        const checkpoint = makeCheckpoint({ step });
        config = await saver.put(config, checkpoint, LOOP_METADATA, versionsOf(checkpoint));
      }
      const listed = [];
      for await (const tuple of saver.list(thread)) listed.push(tuple.checkpoint.channel_values);
      expect(listed).toEqual([{ step: 2 }]);
    } finally {
      await saver.end();
    }
    expect(saver.client.status).toBe("end");
  });

  it("a call to a cluster that cannot be reached fails typed within the saver's deadline", async () => {
    const saver = RedisSaver.fromCluster([{ host: "127.0.0.1", port: await closedPort() }], {
      commandTimeoutMs: 300,
      connectTimeoutMs: 200,
    });
    try {
      const failure = await saver.getTuple(threadConfig("unreachable")).catch((error) => error);
      expect(BackendUnavailableError.isInstance(failure)).toBe(true);
    } finally {
      await saver.close();
    }
  });

  it("refuses no startup nodes, and a { url } that is not redis:// without repeating it", () => {
    expect(() => RedisSaver.fromCluster([])).toThrow(
      expect.objectContaining({ name: "InvalidConfigError", field: "nodes" }),
    );
    let refusal: unknown;
    try {
      RedisSaver.fromCluster([{ url: "http://user:s3cret@example.com:6379" }]);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toEqual(expect.objectContaining({ field: "nodes[0].url" }));
    expect(String((refusal as Error).message)).not.toContain("s3cret");
  });
});
