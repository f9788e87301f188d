import { LuaScript, type RedisClient, type RedisKeyLayout } from "@checkpointkit/redis";

/** Threads looked at per shard and sweep. */
const SWEEP_PAGE_SIZE = 100;
/** An outbox longer than this is not scanned; its threads wait for a later sweep. */
const MAX_SCANNED_BACKLOG = 1_000;

/**
 * Deletes a thread's hot keys if, checked atomically: its last write is older than the TTL
 * and no entry of the thread is left in its shard's outbox (the outbox holds exactly the
 * entries not yet flushed). A TTL set on the keys instead would also run over writes that
 * arrive later and are not flushed yet; this way nothing unflushed ever expires.
 * KEYS = the Redis saver's script keys of the thread. ARGV = thread, ttl ms, scan limit.
 * Returns 1 when deleted, 0 when kept, -1 when the outbox was too long to scan.
 */
const SWEEP_THREAD = new LuaScript(
  "sweepThread",
  `
local thread, ttl_ms, scan_limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local score = redis.call("ZSCORE", KEYS[6], thread)
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if not score or tonumber(score) > now - ttl_ms then return 0 end
if redis.call("EXISTS", KEYS[7]) == 1 then
  if redis.call("XLEN", KEYS[7]) > scan_limit then return -1 end
  for _, entry in ipairs(redis.call("XRANGE", KEYS[7], "-", "+")) do
    local fields = entry[2]
    for i = 1, #fields, 2 do
      if fields[i] == "thread" and fields[i + 1] == thread then return 0 end
    end
  end
end
redis.call("DEL", KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5])
redis.call("ZREM", KEYS[6], thread)
return 1
`,
);

/** One sweep over every shard; returns the number of threads removed from Redis. */
export async function sweepFlushedThreads(
  client: RedisClient,
  keyLayout: RedisKeyLayout,
  hotTtlSeconds: number,
): Promise<number> {
  const ttlMs = hotTtlSeconds * 1000;
  let removed = 0;
  for (const shard of keyLayout.shards()) {
    const cutoff = Date.now() - ttlMs;
    const candidates = await client.zrangebyscore(
      keyLayout.shardKeys(shard).threads,
      "-inf",
      cutoff,
      "LIMIT",
      0,
      SWEEP_PAGE_SIZE,
    );
    for (const threadId of candidates) {
      const outcome = await SWEEP_THREAD.run(client, keyLayout.scriptKeys(threadId), [
        threadId,
        String(ttlMs),
        String(MAX_SCANNED_BACKLOG),
      ]);
      if (Number(outcome) === 1) removed += 1;
    }
  }
  return removed;
}
