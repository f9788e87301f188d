import { describeStore } from "@checkpointkit/conformance";
import { RedisStore } from "../src/store/index.js";
import { freshKeyPrefix } from "./redis-test-saver.js";
import { useSharedRedisCluster } from "./shared-redis-cluster.js";
import { redisStoreHarness } from "./store-harness.js";

// One cluster for the whole file, as in cluster.test.ts.
const cluster = useSharedRedisCluster();

describeStore(
  redisStoreHarness("RedisStore (3-master Redis Cluster)", async () => {
    const client = cluster.connect();
    return { client, release: async () => void (await client.quit()) };
  }),
  { ttl: true },
);

describe("RedisStore on a Redis Cluster", () => {
  it("each shard's keys share one slot; shards spread over the masters", async () => {
    const client = cluster.connect();
    const store = new RedisStore({ client, keyPrefix: freshKeyPrefix("store-cluster") });
    const owners = new Set<string>();
    const ranges = (await client.cluster("SLOTS")) as unknown as [
      number,
      number,
      [string, number],
    ][];
    for (let shard = 0; shard < store.keyLayout.shardCount; shard += 1) {
      const keys = store.keyLayout.shardKeys(shard);
      const slots = new Set(
        await Promise.all(
          [keys.index, keys.namespaces, `${keys.itemPrefix}users.u1:k`].map((key) =>
            client.cluster("KEYSLOT", key),
          ),
        ),
      );
      expect(slots.size).toBe(1);
      const [slot] = slots;
      const owner = ranges.find(([from, to]) => Number(slot) >= from && Number(slot) <= to)?.[2];
      owners.add(`${owner?.[0]}:${owner?.[1]}`);
    }
    expect(owners.size).toBe(3);
    // A search over every shard reaches all three masters and merges them.
    for (let user = 0; user < 12; user += 1) await store.put(["users", `u${user}`], "k", { user });
    expect(await store.search(["users"], { limit: 100 })).toHaveLength(12);
    expect(await store.listNamespaces({ prefix: ["users"] })).toHaveLength(12);
    await store.close();
    await client.quit();
  });

  it("fromCluster owns its client: close() ends it", async () => {
    const { host, port } = cluster.running().startupNodes[0] as { host: string; port: number };
    const store = RedisStore.fromCluster([{ host, port }], { keyPrefix: freshKeyPrefix("owned") });
    await store.put(["a", "b"], "k", { v: 1 });
    expect((await store.get(["a", "b"], "k"))?.value).toEqual({ v: 1 });
    await store.close();
    expect(store.client.status).toBe("end");
  });
});
