import { isClusterClient } from "./cluster-client.js";
import type { OutboxRead, OutboxStreams } from "./outbox.js";

/**
 * The new entries of `shards` for `consumer`, settled per shard (in the order of `shards`).
 * On a standalone Redis in ONE XREADGROUP naming every shard's stream: a full scan of the
 * default 64 shards every poll interval was 64 commands for Redis and the flusher to handle,
 * mostly answering "nothing new". On a Redis Cluster (streams in different slots) one
 * XREADGROUP per shard, as before. A failed combined read fails every shard alike: the
 * command is atomic, so no shard delivered anything.
 */
export async function readNewEntries(
  outbox: OutboxStreams,
  shards: readonly number[],
  consumer: string,
  count: number,
): Promise<PromiseSettledResult<OutboxRead>[]> {
  if (isClusterClient(outbox.redis.client) || shards.length <= 1) {
    return Promise.allSettled(shards.map((shard) => outbox.readNew(shard, consumer, count)));
  }
  try {
    const byShard = await outbox.readNewOfShards(shards, consumer, count);
    return shards.map((shard) => ({
      status: "fulfilled",
      value: byShard.get(shard) ?? { entries: [], foreignIds: [] },
    }));
  } catch (error) {
    return shards.map(() => ({ status: "rejected", reason: error }));
  }
}
