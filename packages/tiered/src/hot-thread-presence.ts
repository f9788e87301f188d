import type { RedisKeyLayout } from "@checkpointkit/redis";
import type { HotRedis } from "./hot-redis.js";

/**
 * Which of these threads the Redis saver's `listThreads` lists: those in their shard's thread
 * index that still hold checkpoints (an index entry outlives expired keys). Two commands per
 * thread on its own hash slot, all sent at once.
 */
export async function threadsRedisHolds(
  redis: HotRedis,
  keyLayout: RedisKeyLayout,
  threadIds: readonly string[],
): Promise<ReadonlySet<string>> {
  const unique = [...new Set(threadIds)];
  const held = await Promise.all(
    unique.map((threadId) =>
      redis.call("listThreads", async (client) => {
        const [score, checkpoints] = await Promise.all([
          client.zscore(keyLayout.shardKeys(keyLayout.shardOf(threadId)).threads, threadId),
          client.exists(keyLayout.threadKeys(threadId).checkpointIndex),
        ]);
        return score !== null && Number(checkpoints) > 0;
      }),
    ),
  );
  return new Set(unique.filter((_, index) => held[index]));
}
