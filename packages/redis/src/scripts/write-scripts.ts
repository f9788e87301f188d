import { luaOutboxFields } from "../outbox-fields.js";
import { FENCE_LUA } from "./fence-lua.js";
import { LATEST_HISTORY_LUA } from "./latest-history-lua.js";
import { withLuaLibrary } from "./lua-library.js";

/**
 * `put`: ARGV = thread, ns, checkpoint id, record, ttl ms ("0" = none), outbox mode,
 * latest only ("1" = `history: "latest"`), value count, then (channel, version token, value
 * frame) triples, then the fence: lease token ("" = none), check parent ("1"), parent id,
 * has parent ("1") — a refused fence returns { -1, "lease" | "parent" } and writes nothing —
 * then the checkpoint's size record (core's `encodeStoredSize` text), stored beside the
 * record in the same hash (see `size_field`), and its stored bytes, added to the thread's
 * total (`TOTAL_FIELD`; a re-put of the same id with another record replaces its share).
 * With latest only, a put older than the namespace's newest checkpoint
 * changes nothing, and a stored put removes what it supersedes (see latest-history-lua.ts).
 * Stores the record and the new channel values, indexes the id, moves the namespace's latest
 * pointer to the newest id, and appends the outbox entry. Re-putting an identical record
 * changes nothing and appends no entry. Returns { changed 0/1, outbox entry id or "" }.
 */
export const PUT_CHECKPOINT_LUA = withLuaLibrary(`${LATEST_HISTORY_LUA}${FENCE_LUA}
local thread, ns, id, record = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local ttl_ms, outbox_mode, latest_only = tonumber(ARGV[5]), ARGV[6], ARGV[7] == "1"
local value_count = tonumber(ARGV[8])
check_key_types(outbox_mode)
local e = enc(ns)
local f = 9 + value_count * 3
local size_record, size_bytes = ARGV[f + 4], tonumber(ARGV[f + 5])
local refusal = fence_refusal(ARGV[f], ARGV[f + 1], e, ARGV[f + 2], ARGV[f + 3], id)
if refusal then return { -1, refusal } end
local superseded = nil
if latest_only then
  if newer_checkpoint_stored(e, id) then return { 0, "" } end
  superseded = superseded_by(e, id, record)
end
local record_field = e .. ":" .. enc(id)
-- One read of what the write replaces: the record, its size record, the thread's total.
local held = redis.call("HMGET", K_CP, record_field, size_field(record_field), TOTAL_FIELD)
local changed = held[1] ~= record
local entry = ""
if changed then
  redis.call("HSET", K_CP, record_field, record, size_field(record_field), size_record,
    TOTAL_FIELD, total_plus(held[3], size_bytes - recorded_bytes(held[2])))
  for i = 0, value_count - 1 do
    local at = 9 + i * 3
    redis.call("HSET", K_VAL, value_field(e, ARGV[at], ARGV[at + 1]), ARGV[at + 2])
  end
  redis.call("ZADD", K_IDX, 0, e .. ":" .. id)
  local newest = redis.call("ZREVRANGEBYLEX", K_IDX, "(" .. e .. ";", "[" .. e .. ":", "LIMIT", 0, 1)[1]
  redis.call("HSET", K_NS, e, string.sub(newest, #e + 2))
  entry = outbox(outbox_mode, ${luaOutboxFields({ kind: '"put"', thread: "thread", namespace: "ns", checkpoint: "id" })})
end
if superseded then remove_superseded(superseded) end
touch_thread(thread, ttl_ms, false)
return { changed and 1 or 0, entry }
`);

/**
 * `putWrites`: ARGV = thread, ns, checkpoint id, ttl ms, outbox mode, latest only, task id,
 * write count, then (idx, upsert "1"/"0", write frame) triples, then the lease token ("" =
 * none; a refused fence returns { -1, "lease" } and writes nothing). Regular writes are
 * insert-if-absent, special ones (WRITES_IDX_MAP) replace. With latest only, writes to a
 * checkpoint a newer one superseded are dropped. Returns { changed 0/1, outbox entry id or "" }.
 */
export const PUT_WRITES_LUA = withLuaLibrary(`${LATEST_HISTORY_LUA}${FENCE_LUA}
local thread, ns, id = ARGV[1], ARGV[2], ARGV[3]
local ttl_ms, outbox_mode, latest_only = tonumber(ARGV[4]), ARGV[5], ARGV[6] == "1"
local task, count = ARGV[7], tonumber(ARGV[8])
check_key_types(outbox_mode)
local refusal = fence_refusal(ARGV[9 + count * 3], "", "", "", "", "")
if refusal then return { -1, refusal } end
if latest_only and newer_checkpoint_stored(enc(ns), id) then return { 0, "" } end
local checkpoint_field = enc(ns) .. ":" .. enc(id)
local task_prefix = checkpoint_field .. ":" .. enc(task) .. ":"
local appended = {}
local changed = false
for i = 0, count - 1 do
  local at = 9 + i * 3
  local field, frame = task_prefix .. ARGV[at], ARGV[at + 2]
  if ARGV[at + 1] == "1" then
    local old = redis.call("HGET", K_WR, field)
    if old ~= frame then
      redis.call("HSET", K_WR, field, frame)
      changed = true
      if not old then appended[#appended + 1] = frame_part(field) end
    end
  elseif redis.call("HSETNX", K_WR, field, frame) == 1 then
    changed = true
    appended[#appended + 1] = frame_part(field)
  end
end
if #appended > 0 then
  local list = redis.call("HGET", K_WR, checkpoint_field) or ""
  redis.call("HSET", K_WR, checkpoint_field, list .. table.concat(appended))
end
local entry = ""
if changed then
  entry = outbox(outbox_mode, ${luaOutboxFields({ kind: '"writes"', thread: "thread", namespace: "ns", checkpoint: "id", task: "task" })})
end
touch_thread(thread, ttl_ms, false)
return { changed and 1 or 0, entry }
`);
