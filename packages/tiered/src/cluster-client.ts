import type { RedisClient } from "@checkpointkit/redis";

/**
 * Whether `client` is an ioredis Cluster client: its keys live in different slots, so
 * commands naming keys of several shards (one XREADGROUP over every outbox stream, a
 * multi-key script) must be split per shard there.
 */
export function isClusterClient(client: RedisClient): boolean {
  return (client as { isCluster?: boolean }).isCluster === true;
}
