import type { RedisCall } from "./redis-call.js";
import type { RedisKeyLayout } from "./redis-keys.js";
import type { RedisClient } from "./redis-saver-options.js";

/** Threads read from a shard index per round trip. */
const THREAD_PAGE_SIZE = 200;

/**
 * Calls `visit` for every thread in every shard's thread index (no KEYS/SCAN over the
 * keyspace), one thread at a time, and returns the sum of what it returned.
 */
export async function forEachThread(
  client: RedisClient,
  keyLayout: RedisKeyLayout,
  call: RedisCall,
  visit: (threadId: string) => Promise<number>,
): Promise<number> {
  let total = 0;
  for (const shard of keyLayout.shards()) {
    const threadsKey = keyLayout.shardKeys(shard).threads;
    for (let offset = 0; ; offset += THREAD_PAGE_SIZE) {
      const threads = await call("prune", () =>
        client.zrange(threadsKey, offset, offset + THREAD_PAGE_SIZE - 1),
      );
      for (const threadId of threads) total += await visit(threadId);
      if (threads.length < THREAD_PAGE_SIZE) break;
    }
  }
  return total;
}
