/** The shape of the local Redis Cluster `startRedisCluster()` builds. */
export interface RedisClusterOptions {
  /**
   * How many masters share the 16384 hash slots (evenly, in order).
   * @default 3
   */
  masters?: number;
  /**
   * How many replicas follow each master.
   * @default 0
   */
  replicasPerMaster?: number;
  /**
   * How long to wait for every node to report `cluster_state:ok`.
   * @default 20000
   */
  readyTimeoutMs?: number;
}
