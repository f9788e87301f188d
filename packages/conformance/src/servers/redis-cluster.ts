import Redis from "ioredis";
import { findFreePort } from "./free-port.js";
import type { RedisClusterOptions } from "./redis-cluster-options.js";
import { startRedisServer } from "./start-redis-server.js";
import type { OwnedTestServer } from "./test-server.js";
import { waitUntil } from "./wait-until.js";

const HASH_SLOTS = 16_384;

export interface RedisClusterNode {
  readonly host: string;
  readonly port: number;
}

/** A Redis Cluster of private `redis-server` processes on loopback. */
export interface RedisClusterHandle {
  /** Masters first (in slot order), then the replicas. */
  readonly nodes: readonly RedisClusterNode[];
  /** What `new Redis.Cluster(startupNodes)` takes. */
  readonly startupNodes: readonly RedisClusterNode[];
  /** The node processes, in the order of `nodes`: kill or restart one to test failover. */
  readonly servers: readonly OwnedTestServer[];
  /** SIGKILLs node `index` (of `nodes`) and waits until it is gone. */
  killNode(index: number): Promise<void>;
  /** Stops every node and deletes their data directories. */
  stop(): Promise<void>;
}

/**
 * Starts `masters × (1 + replicasPerMaster)` redis-servers in cluster mode, assigns the slots
 * evenly to the masters, joins them with CLUSTER MEET, attaches the replicas, and resolves
 * once every node reports `cluster_state:ok` and knows every other node. Needs Redis ≥ 7
 * (`cluster-port`, so bus ports are picked free instead of port + 10000).
 */
export async function startRedisCluster(
  options: RedisClusterOptions = {},
): Promise<RedisClusterHandle> {
  const masterCount = options.masters ?? 3;
  const replicasPerMaster = options.replicasPerMaster ?? 0;
  if (!Number.isInteger(masterCount) || masterCount < 1 || replicasPerMaster < 0) {
    throw new Error(`startRedisCluster needs masters >= 1 and replicasPerMaster >= 0`);
  }
  const nodeCount = masterCount * (1 + replicasPerMaster);
  const busPorts: number[] = [];
  const starts: Promise<OwnedTestServer>[] = [];
  for (let index = 0; index < nodeCount; index++) {
    const busPort = await findFreePort();
    busPorts.push(busPort);
    starts.push(
      startRedisServer({
        extraArgs: [
          "--cluster-enabled",
          "yes",
          "--cluster-config-file",
          "nodes.conf",
          "--cluster-port",
          String(busPort),
          "--cluster-node-timeout",
          "5000",
        ],
      }),
    );
  }
  const settled = await Promise.allSettled(starts);
  const servers = settled.flatMap((result) =>
    result.status === "fulfilled" ? [result.value] : [],
  );
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
  };
  const failed = settled.find((result) => result.status === "rejected");
  if (failed !== undefined) {
    await stop();
    throw failed.reason;
  }
  const clients = servers.map((server) => adminClient(server.url));
  try {
    await formCluster(clients, servers, busPorts, masterCount, options.readyTimeoutMs ?? 20_000);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    for (const client of clients) client.disconnect();
  }
  const nodes = servers.map((server) => ({ host: server.host, port: server.port }));
  return {
    nodes,
    startupNodes: nodes,
    servers,
    killNode: async (index) => {
      const server = servers[index];
      if (server === undefined) throw new Error(`no cluster node ${index} (of ${nodeCount})`);
      await server.kill();
    },
    stop,
  };
}

async function formCluster(
  clients: Redis[],
  servers: OwnedTestServer[],
  busPorts: number[],
  masterCount: number,
  readyTimeoutMs: number,
): Promise<void> {
  const nodeIds = await Promise.all(clients.map((client) => client.call("CLUSTER", "MYID")));
  await Promise.all(
    clients.slice(0, masterCount).map((client, index) => {
      const first = Math.floor((index * HASH_SLOTS) / masterCount);
      const last = Math.floor(((index + 1) * HASH_SLOTS) / masterCount) - 1;
      return client.call("CLUSTER", "ADDSLOTSRANGE", first, last);
    }),
  );
  const seed = servers[0]!;
  await Promise.all(
    clients
      .slice(1)
      .map((client) => client.call("CLUSTER", "MEET", seed.host, seed.port, busPorts[0]!)),
  );
  const deadline = { timeoutMs: readyTimeoutMs };
  await waitUntil(
    "Redis Cluster nodes to meet",
    async () => (await Promise.all(clients.map(knownNodeCount))).every((n) => n === clients.length),
    deadline,
  );
  await Promise.all(
    clients
      .slice(masterCount)
      .map((client, index) =>
        client.call("CLUSTER", "REPLICATE", nodeIds[index % masterCount] as string),
      ),
  );
  await waitUntil(
    "Redis Cluster to report cluster_state:ok on every node",
    async () => (await Promise.all(clients.map(clusterIsReady))).every(Boolean),
    deadline,
  );
}

function adminClient(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1, disconnectTimeout: 10 });
  client.on("error", () => {
    // Failures surface through the commands formCluster awaits.
  });
  return client;
}

async function clusterInfo(client: Redis): Promise<Map<string, string>> {
  const text = String(await client.call("CLUSTER", "INFO"));
  return new Map(
    text
      .split("\r\n")
      .filter((line) => line.includes(":"))
      .map((line) => line.split(":", 2) as [string, string]),
  );
}

async function knownNodeCount(client: Redis): Promise<number> {
  return Number((await clusterInfo(client)).get("cluster_known_nodes"));
}

async function clusterIsReady(client: Redis): Promise<boolean> {
  const info = await clusterInfo(client);
  return (
    info.get("cluster_state") === "ok" &&
    info.get("cluster_slots_assigned") === String(HASH_SLOTS) &&
    info.get("cluster_slots_ok") === String(HASH_SLOTS)
  );
}
