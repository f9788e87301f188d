import { luaOutboxFields } from "../outbox-fields.js";
import { FENCE_LUA } from "./fence-lua.js";
import { LATEST_HISTORY_LUA } from "./latest-history-lua.js";
import { withLuaLibrary } from "./lua-library.js";

/**
 * `put`: ARGV = thread, ns, checkpoint id, encoded ns, record field (encoded ns ":" encoded
 * id), record, ttl ms ("0" = none), outbox mode, latest only ("1" = `history: "latest"`),
 * value count, then (value field, value frame) pairs — the fields encoded by the client
 * (core's `encodeKeyPart`, the twin of `enc`), so the script builds no field of its own —
 * then the fence: lease token ("" = none), check parent ("1"), parent id, has parent ("1") —
 * a refused fence returns { -1, "lease" | "parent" } and writes nothing — then the
 * checkpoint's size record (core's `encodeStoredSize` text), stored beside the record in the
 * same hash (see `size_field`), and its stored bytes, added to the thread's total
 * (`TOTAL_FIELD`; a re-put of the same id with another record replaces its share).
 * With latest only, a put older than the namespace's newest checkpoint
 * changes nothing, and a stored put removes what it supersedes (see latest-history-lua.ts).
 * Stores the record and the new channel values, indexes the id, moves the namespace's latest
 * pointer to the newest id, and appends the outbox entry. Re-putting an identical record
 * changes nothing and appends no entry. Returns { changed 0/1, outbox entry id or "" }.
 */
export const PUT_CHECKPOINT_LUA = withLuaLibrary(`${LATEST_HISTORY_LUA}${FENCE_LUA}
local thread, ns, id, e, record_field, record = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local ttl_ms, outbox_mode, latest_only = tonumber(ARGV[7]), ARGV[8], ARGV[9] == "1"
local value_count = tonumber(ARGV[10])
-- Only keys written before anything shows their type are checked: the index and the
-- checkpoints hash are read below before the first write, and the values' HSET is that first
-- write (latest only also trims values and writes after it, so checks those).
check_key_types(outbox_mode, false, latest_only and { 1, 4, 5 } or { 1 })
local f = 11 + value_count * 2
local size_record, size_bytes = ARGV[f + 4], tonumber(ARGV[f + 5])
local refusal = fence_refusal(ARGV[f], ARGV[f + 1], e, ARGV[f + 2], ARGV[f + 3], id)
if refusal then return { -1, refusal } end
-- Whether the namespace's latest pointer stays put: it names the newest id of the index.
local newer = newer_checkpoint_stored(e, id)
local superseded = nil
if latest_only then
  if newer then return { 0, "" } end
  superseded = superseded_by(e, id, record)
end
-- One read of what the write replaces: the record, its size record, the thread's total.
local held = redis.call("HMGET", K_CP, record_field, size_field(record_field), TOTAL_FIELD)
local changed = held[1] ~= record
local entry = ""
if changed then
  -- The (field, frame) pairs sit side by side in ARGV: one HSET per 500 values.
  for first = 11, f - 1, 1000 do
    redis.call("HSET", K_VAL, unpack(ARGV, first, math.min(first + 999, f - 1)))
  end
  redis.call("HSET", K_CP, record_field, record, size_field(record_field), size_record,
    TOTAL_FIELD, total_plus(held[3], size_bytes - recorded_bytes(held[2])))
  redis.call("ZADD", K_IDX, 0, e .. ":" .. id)
  if not newer then redis.call("HSET", K_NS, e, id) end
  entry = outbox(outbox_mode, ${luaOutboxFields({ kind: '"put"', thread: "thread", namespace: "ns", checkpoint: "id" })})
end
if superseded then remove_superseded(superseded) end
touch_thread(thread, ttl_ms, false)
return { changed and 1 or 0, entry }
`);

/**
 * `putWrites`: ARGV = thread, ns, checkpoint id, encoded ns, checkpoint field (encoded ns ":"
 * encoded id), ttl ms, outbox mode, latest only, task id, write count, then (write field,
 * upsert "1"/"0", write frame) triples — the field is the checkpoint field ":" encoded task
 * ":" idx, built by the client — then the lease token ("" = none; a refused fence returns
 * { -1, "lease" } and writes nothing). Regular writes are insert-if-absent, special ones
 * (WRITES_IDX_MAP) replace. With latest only, writes to a checkpoint a newer one superseded
 * are dropped. Returns { changed 0/1, outbox entry id or "" }.
 */
export const PUT_WRITES_LUA = withLuaLibrary(`${LATEST_HISTORY_LUA}${FENCE_LUA}
local thread, ns, id, e, checkpoint_field = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local ttl_ms, outbox_mode, latest_only = tonumber(ARGV[6]), ARGV[7], ARGV[8] == "1"
local task, count = ARGV[9], tonumber(ARGV[10])
-- The only thread key written is the writes hash, and its first command (HGET or HSETNX) fails
-- on another type before anything is written: only the shard's keys need a type check.
check_key_types(outbox_mode, false, {})
local refusal = fence_refusal(ARGV[11 + count * 3], "", "", "", "", "")
if refusal then return { -1, refusal } end
if latest_only and newer_checkpoint_stored(e, id) then return { 0, "" } end
local appended = {}
local changed = false
for i = 0, count - 1 do
  local at = 11 + i * 3
  local field, frame = ARGV[at], ARGV[at + 2]
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
