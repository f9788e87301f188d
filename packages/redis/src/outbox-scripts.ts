import { LuaScript } from "./lua-script.js";
import { OUTBOX_FIELDS } from "./outbox-fields.js";

/**
 * The scripts an outbox consumer (the tiered flusher and sweeper) runs over the streams and
 * thread keys this package writes, kept beside the scripts that write them.
 */
export const OUTBOX_SCRIPTS = {
  /**
   * Acknowledges and deletes entries atomically. KEYS = the stream. ARGV = consumer group,
   * entry ids. Deleting keeps the stream holding exactly the entries not yet consumed, so
   * its length is the backlog and its first entry the lag. Returns the number acknowledged.
   */
  ackAndDelete: new LuaScript(
    "ackAndDelete",
    `
local acked = redis.call("XACK", KEYS[1], ARGV[1], unpack(ARGV, 2))
redis.call("XDEL", KEYS[1], unpack(ARGV, 2))
return acked
`,
  ),

  /**
   * Moves one entry to a dead-letter stream, then acknowledges and deletes it, atomically.
   * KEYS = the stream, the dead-letter stream. ARGV = consumer group, entry id, then the
   * dead-letter entry's field/value pairs. Returns 1.
   */
  deadLetter: new LuaScript(
    "deadLetter",
    `
redis.call("XADD", KEYS[2], "*", unpack(ARGV, 3))
redis.call("XACK", KEYS[1], ARGV[1], ARGV[2])
redis.call("XDEL", KEYS[1], ARGV[2])
return 1
`,
  ),

  /**
   * Deletes a thread's hot keys if, checked atomically: its last write is older than the TTL
   * and no entry of the thread is left in its shard's outbox (the outbox holds exactly the
   * entries not yet flushed). A TTL set on the keys instead would also run over writes that
   * arrive later and are not flushed yet; this way nothing unflushed ever expires.
   * KEYS = the saver's script keys of the thread (`RedisKeyLayout.scriptKeys`).
   * ARGV = thread, ttl ms, scan limit.
   * Returns 1 when deleted, 0 when kept, -1 when the outbox was too long to scan.
   */
  sweepThread: new LuaScript(
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
      if fields[i] == "${OUTBOX_FIELDS.thread}" and fields[i + 1] == thread then return 0 end
    end
  end
end
redis.call("DEL", KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5])
redis.call("ZREM", KEYS[6], thread)
return 1
`,
  ),
} as const;
