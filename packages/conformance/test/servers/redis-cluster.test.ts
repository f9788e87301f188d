import Redis from "ioredis";
import { type RedisClusterHandle, startRedisCluster } from "../../src/servers/index.js";
import { processExists, withRedisClient } from "./process-probes.js";

function clusterClient(cluster: RedisClusterHandle) {
  const client = new Redis.Cluster([...cluster.startupNodes], {
    redisOptions: { disconnectTimeout: 10 },
  });
  client.on("error", () => {
    // Failures surface through the commands the tests await.
  });
  return client;
}

describe("startRedisCluster", () => {
  let cluster: RedisClusterHandle;

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3 });
  });

  afterAll(async () => {
    await cluster.stop();
  });

  it("builds a 3-master cluster on loopback that ioredis Cluster can write to", async () => {
    expect(cluster.nodes).toHaveLength(3);
    expect(cluster.nodes.every((node) => node.host === "127.0.0.1")).toBe(true);
    const client = clusterClient(cluster);
    try {
      // Different hash slots, spread over the masters.
      const keys = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];
      const firstNode = cluster.nodes[0]!;
      const slots = await withRedisClient(`redis://${firstNode.host}:${firstNode.port}`, (node) =>
        Promise.all(keys.map((key) => node.call("CLUSTER", "KEYSLOT", key))),
      );
      expect(new Set(slots).size).toBe(keys.length);
      for (const key of keys) await client.set(key, `value-of-${key}`);
      for (const key of keys) expect(await client.get(key)).toBe(`value-of-${key}`);
      const mastersHoldingKeys = await Promise.all(
        cluster.nodes.map((node) =>
          withRedisClient(`redis://${node.host}:${node.port}`, (node) => node.dbsize()),
        ),
      );
      expect(mastersHoldingKeys.filter((count) => count > 0).length).toBeGreaterThan(1);
    } finally {
      client.disconnect();
    }
  });

  it("answers CROSSSLOT to a multi-key command over different slots, and not with a hash tag", async () => {
    const client = clusterClient(cluster);
    try {
      await expect(client.mset("alpha", "1", "bravo", "2")).rejects.toThrow(/CROSSSLOT/);
      expect(await client.mset("{thread}:a", "1", "{thread}:b", "2")).toBe("OK");
      expect(await client.mget("{thread}:a", "{thread}:b")).toEqual(["1", "2"]);
    } finally {
      client.disconnect();
    }
  });

  it("killNode() takes one node down", async () => {
    const victim = cluster.servers[2]!;
    const pid = victim.pid;
    await cluster.killNode(2);
    expect(processExists(pid)).toBe(false);
    await expect(withRedisClient(victim.url, (client) => client.ping())).rejects.toThrow();
  });
});

describe("startRedisCluster with replicas", () => {
  it("attaches replicasPerMaster replicas to every master", async () => {
    const cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1 });
    try {
      expect(cluster.nodes).toHaveLength(6);
      const roles = await Promise.all(
        cluster.nodes.map((node) =>
          withRedisClient(`redis://${node.host}:${node.port}`, async (client) => {
            const [role] = (await client.role()) as [string];
            return role;
          }),
        ),
      );
      expect(roles).toEqual(["master", "master", "master", "slave", "slave", "slave"]);
    } finally {
      await cluster.stop();
    }
  });
});
