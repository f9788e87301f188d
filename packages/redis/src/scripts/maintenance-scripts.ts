import { luaOutboxFields } from "../outbox-fields.js";
import { COPY_MERGE_LUA } from "./copy-merge-lua.js";
import { LATEST_HISTORY_LUA } from "./latest-history-lua.js";
import { withLuaLibrary } from "./lua-library.js";

/**
 * `deleteThread`: ARGV = thread, outbox mode. Unlinks the thread's five keys (memory freed in the
 * background, so a huge thread does not block Redis), across all
 * namespaces, and its thread-index entry; appends a `delete` entry even when nothing was
 * there (a consumer may hold older copies). Returns { keys deleted, outbox entry id or "" }.
 */
export const DELETE_THREAD_LUA = withLuaLibrary(`
local thread, outbox_mode = ARGV[1], ARGV[2]
check_key_types(outbox_mode, true)
local deleted = redis.call("UNLINK", K_NS, K_IDX, K_CP, K_VAL, K_WR)
redis.call("ZREM", K_THREADS, thread)
local entry = outbox(outbox_mode, ${luaOutboxFields({ kind: '"delete"', thread: "thread", namespace: '""', checkpoint: '""' })})
return { deleted, entry }
`);

/** First half of `copyThread`: returns DUMP of the five keys ("" when absent). */
export const DUMP_THREAD_LUA = withLuaLibrary(`
local out = {}
for i = 1, 5 do out[i] = redis.call("DUMP", KEYS[i]) or "" end
return out
`);

/**
 * Second half of `copyThread`, on the target thread: ARGV = target thread, source thread,
 * ttl ms ("0" = none), outbox mode, five dumps, latest only ("1" = `history: "latest"`);
 * KEYS[9..13] = five scratch keys in the target's slot (`RedisKeyLayout.copyScratchKeys`).
 * Merges the source into the target: what the target holds stays (the same checkpoint id,
 * value or write keeps the target's), the source's checkpoints, values and writes are added,
 * write lists are unioned, and each namespace's latest pointer becomes the newest id of the
 * union. So a copy loses nothing and a retried copy changes nothing. Returns the outbox entry
 * id or "".
 */
export const RESTORE_THREAD_LUA = withLuaLibrary(`${LATEST_HISTORY_LUA}${COPY_MERGE_LUA}
local thread, from, ttl_ms, outbox_mode = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
check_key_types(outbox_mode)
local source = restore_scratch(4)
merge_copy(source)
drop_scratch()
if ARGV[10] == "1" then keep_latest_only(source.namespaces) end
-- A restored thread used to come back without TTL: keep that, so unflushed data never expires.
if ttl_ms == 0 then
  for i = 1, 5 do redis.call("PERSIST", KEYS[i]) end
end
touch_thread(thread, ttl_ms, false)
return outbox(outbox_mode, ${luaOutboxFields({ kind: '"copy"', thread: "thread", namespace: '""', checkpoint: '""', fromThread: "from" })})
`);

/** Sets (ARGV[1] ms > 0) or removes ("0") the TTL of a thread's five keys. Returns 1. */
export const SET_THREAD_TTL_LUA = withLuaLibrary(`
local ttl_ms = tonumber(ARGV[1])
for i = 1, 5 do
  if ttl_ms > 0 then redis.call("PEXPIRE", KEYS[i], ttl_ms) else redis.call("PERSIST", KEYS[i]) end
end
return 1
`);
