import type { Redis } from "ioredis";

/** Deletes the hot data of every thread under `keyPrefix` (not the outbox), as if evicted. */
export async function dropHotThreads(redis: Redis, keyPrefix: string): Promise<void> {
  const keys = await redis.keys(`${keyPrefix}*`);
  const threadKeys = keys.filter(
    (key) => /\}:(ns|idx|cp|val|wr):/.test(key) || key.endsWith(":threads"),
  );
  if (threadKeys.length > 0) await redis.del(...threadKeys);
}

export async function hotKeyCount(redis: Redis, keyPrefix: string): Promise<number> {
  const keys = await redis.keys(`${keyPrefix}*`);
  return keys.filter((key) => /\}:(ns|idx|cp|val|wr):/.test(key)).length;
}
