import {
  describeCheckpointSaver,
  type RedisClusterHandle,
  startRedisCluster,
} from "@checkpointkit/conformance";
import { Cluster } from "ioredis";
import { RedisSaver } from "../src/index.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig, versionsOf } from "./fixtures.js";
import { redisHarness } from "./redis-harness.js";
import { freshKeyPrefix } from "./redis-test-saver.js";

const CLUSTER_START_TIMEOUT_MS = 60_000;

function clusterClient(cluster: RedisClusterHandle): Cluster {
  return new Cluster(
    cluster.startupNodes.map(({ host, port }) => ({ host, port })),
    { redisOptions: { maxRetriesPerRequest: 1 } },
  );
}

let cluster: RedisClusterHandle | undefined;

// One cluster for the whole file: three redis-server processes are enough work for the machine.
beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3 });
}, CLUSTER_START_TIMEOUT_MS);

afterAll(async () => {
  await cluster?.stop();
});

function runningCluster(): RedisClusterHandle {
  if (cluster === undefined) throw new Error("the Redis Cluster did not start");
  return cluster;
}

describeCheckpointSaver(
  redisHarness("RedisSaver (3-master Redis Cluster)", async () => {
    const client = clusterClient(runningCluster());
    return { client, release: async () => void (await client.quit()) };
  }),
  { ttl: true, prune: true, copyThread: true },
);

describe("Redis Cluster specifics", () => {
  let client: Cluster;
  beforeAll(() => {
    client = clusterClient(runningCluster());
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
  });
});
