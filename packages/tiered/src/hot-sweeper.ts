import type { RedisKeyLayout } from "@checkpointkit/redis";
import { OUTBOX_SCRIPTS } from "@checkpointkit/redis/internal";
import { ColdThreadRecord } from "./cold-thread-record.js";
import type { HotRedis } from "./hot-redis.js";

/** Threads looked at per shard and sweep. */
const SWEEP_PAGE_SIZE = 100;
/** An outbox longer than this is not scanned; its threads wait for a later sweep. */
const MAX_SCANNED_BACKLOG = 1_000;

/**
 * One sweep over every shard; each thread is added to the cold-thread record before it
 * leaves Redis (see `ColdThreadRecord`). Returns the number of threads removed from Redis. Rejects with
 * core's typed errors.
 */
export async function sweepFlushedThreads(
  redis: HotRedis,
  keyLayout: RedisKeyLayout,
  hotTtlSeconds: number,
): Promise<number> {
  const ttlMs = hotTtlSeconds * 1000;
  const record = new ColdThreadRecord(redis, keyLayout);
  let removed = 0;
  for (const shard of keyLayout.shards()) {
    const cutoff = Date.now() - ttlMs;
    const candidates = await redis.call("hot sweep", (client) =>
      client.zrangebyscore(
        keyLayout.shardKeys(shard).threads,
        "-inf",
        cutoff,
        "LIMIT",
        0,
        SWEEP_PAGE_SIZE,
      ),
    );
    for (const threadId of candidates) {
      // Recorded first: a read that misses Redis from now on finds it in the record.
      if (!(await record.beforeRemoval(threadId))) continue;
      const outcome = await redis.call("hot sweep", (client) =>
        OUTBOX_SCRIPTS.sweepThread.run(client, keyLayout.scriptKeys(threadId), [
          threadId,
          String(ttlMs),
          String(MAX_SCANNED_BACKLOG),
        ]),
      );
      if (Number(outcome) === 1) removed += 1;
    }
  }
  return removed;
}
