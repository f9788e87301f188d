import { type RedisClusterHandle, startRedisCluster } from "@checkpointkit/conformance";
import { Cluster } from "ioredis";

/** Starting three redis-server processes and joining them into a cluster takes seconds. */
const CLUSTER_START_TIMEOUT_MS = 60_000;

/** A file's one Redis Cluster: what its tests connect to, once `beforeAll` has started it. */
export interface SharedRedisCluster {
  /** The running cluster; throws when it did not start (its `beforeAll` failed). */
  running(): RedisClusterHandle;
  /** A new client to the cluster (one retry per command, so a fault fails fast). */
  connect(): Cluster;
}

/**
 * Starts one 3-master Redis Cluster for the whole test file and stops it after: three
 * redis-server processes are enough work for the machine, so the file's specs share them.
 * Call it at the top level of a jest test file.
 */
export function useSharedRedisCluster(): SharedRedisCluster {
  let cluster: RedisClusterHandle | undefined;
  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3 });
  }, CLUSTER_START_TIMEOUT_MS);
  afterAll(async () => {
    await cluster?.stop();
  });
  const running = (): RedisClusterHandle => {
    if (cluster === undefined) throw new Error("the Redis Cluster did not start");
    return cluster;
  };
  return {
    running,
    connect: () =>
      new Cluster(
        running().startupNodes.map(({ host, port }) => ({ host, port })),
        { redisOptions: { maxRetriesPerRequest: 1 } },
      ),
  };
}
