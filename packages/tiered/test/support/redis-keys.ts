import type { Redis } from "ioredis";

/**
 * Deletes the hot data of every thread under `keyPrefix` (not the outbox), as if Redis had
 * lost it. The cold-thread record goes too: Redis cannot lose keys behind the saver's back
 * (`noeviction`) and keep the record, so whatever loses them (FLUSHALL, a restart from an
 * older snapshot) also ends the record.
 */
export async function dropHotThreads(redis: Redis, keyPrefix: string): Promise<void> {
  const keys = await redis.keys(`${keyPrefix}*`);
  const threadKeys = keys.filter(
    (key) =>
      /\}:(ns|idx|cp|val|wr):/.test(key) ||
      key.endsWith(":threads") ||
      key.endsWith(":cold-record"),
  );
  if (threadKeys.length > 0) await redis.del(...threadKeys);
}

export async function hotKeyCount(redis: Redis, keyPrefix: string): Promise<number> {
  const keys = await redis.keys(`${keyPrefix}*`);
  return keys.filter((key) => /\}:(ns|idx|cp|val|wr):/.test(key)).length;
}
