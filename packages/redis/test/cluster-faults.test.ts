import {
  type FaultProxy,
  findFreePort,
  type RedisClusterHandle,
  startFaultProxy,
  startRedisCluster,
} from "@checkpointkit/conformance";
import { BackendUnavailableError } from "@checkpointkit/core";
import type { Cluster } from "ioredis";
import type { RedisSaver } from "../src/index.js";
import {
  arrangeThreads,
  CASE_TIMEOUT_MS,
  CLUSTER_START_TIMEOUT_MS,
  clusterClient,
  expectEveryOperationRejects,
  expectFaultContained,
  expectHealed,
  newSaver,
} from "./cluster-fault-steps.js";
import { timeRejection } from "./time-to-reject.js";

describe("Redis Cluster unreachable at construction (no node listens on the startup ports)", () => {
  it("every operation rejects with BackendUnavailableError within the deadline; nothing reaches the process", async () => {
    const nodes = [
      { host: "127.0.0.1", port: await findFreePort() },
      { host: "127.0.0.1", port: await findFreePort() },
    ];
    const client = clusterClient(nodes);
    try {
      const saver = newSaver(client);
      await expectEveryOperationRejects("cluster unreachable", saver, "thread-unreachable", "x");
      const { error } = await timeRejection("cluster unreachable × setup", () => saver.setup());
      expect(BackendUnavailableError.isInstance(error)).toBe(true);
    } finally {
      client.disconnect();
    }
  });
});

describe("Redis Cluster with a failing master", () => {
  let cluster: RedisClusterHandle | undefined;
  let client: Cluster;
  let saver: RedisSaver;

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3 });
    client = clusterClient(cluster.startupNodes);
    saver = newSaver(client);
  }, CLUSTER_START_TIMEOUT_MS);

  afterAll(async () => {
    client?.disconnect();
    await cluster?.stop();
  }, CLUSTER_START_TIMEOUT_MS);

  function runningCluster(): RedisClusterHandle {
    if (cluster === undefined) throw new Error("the Redis Cluster did not start");
    return cluster;
  }

  it(
    "a SIGKILLed master: its threads' calls reject with BackendUnavailableError within the deadline; restarted, the saver works again and acknowledged writes read back",
    async () => {
      const cluster = runningCluster();
      const victim = 0;
      const threads = await arrangeThreads(client, saver, cluster, { victim, other: 1 }, "killed");
      // The helper's nodes keep no AOF: a snapshot is what survives the kill on that node.
      const victimServer = cluster.servers[victim];
      if (victimServer === undefined) throw new Error("no victim node");
      await client
        .nodes("master")
        .find((node) => node.options.port === victimServer.port)
        ?.save();

      await cluster.killNode(victim);
      await expectFaultContained("master SIGKILLed", saver, threads);
      await victimServer.restart();
      await expectHealed("master SIGKILLed", saver, threads);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    "a silent master (SIGSTOP): its threads' calls reject with BackendUnavailableError within the deadline; after SIGCONT the saver works again",
    async () => {
      const cluster = runningCluster();
      const victim = 2;
      const threads = await arrangeThreads(client, saver, cluster, { victim, other: 1 }, "silent");
      const victimServer = cluster.servers[victim];
      if (victimServer === undefined) throw new Error("no victim node");

      process.kill(victimServer.pid, "SIGSTOP");
      try {
        await expectFaultContained("master silent", saver, threads);
      } finally {
        process.kill(victimServer.pid, "SIGCONT");
      }
      await expectHealed("master silent", saver, threads);
    },
    CASE_TIMEOUT_MS,
  );
});

describe("Redis Cluster with a half-open connection to one master (fault proxy per node)", () => {
  let cluster: RedisClusterHandle | undefined;
  const proxies: FaultProxy[] = [];
  let client: Cluster;
  let saver: RedisSaver;

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3 });
    for (const node of cluster.nodes) {
      proxies.push(await startFaultProxy({ targetHost: node.host, targetPort: node.port }));
    }
    // The nodes announce their own ports; natMap sends the client through the proxies.
    const natMap = Object.fromEntries(
      cluster.nodes.map((node, index) => [
        `${node.host}:${node.port}`,
        { host: proxies[index]!.host, port: proxies[index]!.port },
      ]),
    );
    client = clusterClient(proxies, natMap);
    saver = newSaver(client);
  }, CLUSTER_START_TIMEOUT_MS);

  afterAll(async () => {
    client?.disconnect();
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await cluster?.stop();
  }, CLUSTER_START_TIMEOUT_MS);

  it(
    "calls routed to it reject with BackendUnavailableError within the deadline; the dead connection is replaced, so the saver works again once the network heals",
    async () => {
      if (cluster === undefined) throw new Error("the Redis Cluster did not start");
      const victim = 1;
      const threads = await arrangeThreads(
        client,
        saver,
        cluster,
        { victim, other: 0 },
        "half-open",
      );
      const victimProxy = proxies[victim];
      if (victimProxy === undefined) throw new Error("no proxy for the victim node");

      // The node itself stays healthy (the cluster never marks it failed): only the client's
      // connection to it is dead, and it stays dead after the network heals.
      victimProxy.blackhole(true);
      await expectFaultContained("half-open node", saver, threads);
      await victimProxy.heal();
      await expectHealed("half-open node", saver, threads);
    },
    CASE_TIMEOUT_MS,
  );
});
