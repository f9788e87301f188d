import { withLuaLibrary } from "./lua-library.js";

/**
 * `getTuple` and one `list` page: ARGV = thread, refresh ttl ms ("0" = no refresh), count,
 * then (ns, checkpoint id or "" for the namespace's latest) pairs. For each pair returns {}
 * when absent, else { id, record, values (one per channel of the record, nil when missing),
 * writes, parent writes (only for v < 4 records with a parent: the pending-sends migration) }.
 */
export const READ_CHECKPOINTS_LUA = withLuaLibrary(`
local thread, refresh_ms, count = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local out, found = {}, false
for i = 0, count - 1 do
  local ns, id = ARGV[4 + i * 2], ARGV[5 + i * 2]
  local e = enc(ns)
  if id == "" then id = redis.call("HGET", K_NS, e) end
  local record_field = id and (e .. ":" .. enc(id))
  local record = record_field and redis.call("HGET", K_CP, record_field)
  if not record then
    out[#out + 1] = {}
  else
    found = true
    local head = record_head(record, "checkpoint record")
    local value_fields = {}
    for c = 1, #head.channels do
      value_fields[c] = value_field(e, head.channels[c][1], head.channels[c][2])
    end
    local values = #value_fields > 0 and hmget_all(K_VAL, value_fields) or {}
    local writes = hmget_all(K_WR, write_fields(record_field))
    local parent_writes = {}
    if head.v < 4 and head.has_parent then
      parent_writes = hmget_all(K_WR, write_fields(e .. ":" .. enc(head.parent)))
    end
    out[#out + 1] = { id, record, values, writes, parent_writes }
  end
end
if found and refresh_ms > 0 then touch_thread(thread, refresh_ms, true) end
return out
`);

/**
 * The next page of checkpoint ids per namespace, newest first. ARGV = limit, then either
 * "*", a cursor and the thread id (every namespace of the thread), or "=" and (ns, cursor)
 * pairs. A cursor
 * is an exclusive upper bound ("" = from the newest). Returns { encoded ns, { ids } } pairs.
 */
export const LIST_CHECKPOINT_IDS_LUA = withLuaLibrary(`
local limit, mode = tonumber(ARGV[1]), ARGV[2]
local wanted = {}
if mode == "*" then
  for _, e in ipairs(redis.call("HKEYS", K_NS)) do wanted[#wanted + 1] = { e, ARGV[3] } end
  -- An expired or deleted thread has no namespaces: drop its stale thread-index entry.
  if #wanted == 0 then redis.call("ZREM", K_THREADS, ARGV[4]) end
else
  for i = 3, #ARGV, 2 do wanted[#wanted + 1] = { enc(ARGV[i]), ARGV[i + 1] } end
end
local out = {}
for _, item in ipairs(wanted) do
  local e, cursor = item[1], item[2]
  local max = cursor == "" and ("(" .. e .. ";") or ("(" .. e .. ":" .. cursor)
  local members = redis.call("ZREVRANGEBYLEX", K_IDX, max, "[" .. e .. ":", "LIMIT", 0, limit)
  local ids = {}
  for m = 1, #members do ids[m] = string.sub(members[m], #e + 2) end
  out[#out + 1] = e
  out[#out + 1] = ids
end
return out
`);

/**
 * `getDeltaChannelHistory`: ARGV = ns, checkpoint id ("" = latest), then channel names.
 * Walks parent pointers from the checkpoint's parent; at each ancestor collects the writes
 * of still-open channels and, for channels whose stored value there is present and not
 * empty, that value as the seed, which closes the channel. Returns { walk end, steps... },
 * each step { id, writes, { channel, value, ... } }. The walk end says where the walk
 * stopped, so a caller can tell a complete history from one cut short by Redis not holding
 * an ancestor: 0 = checkpoint absent, 1 = reached a checkpoint without a parent, 2 = every
 * channel found its seed, 3 = a parent is absent (or the chain loops back on itself).
 */
export const DELTA_CHANNEL_HISTORY_LUA = withLuaLibrary(`
local ns, id = ARGV[1], ARGV[2]
local e = enc(ns)
if id == "" then id = redis.call("HGET", K_NS, e) end
local record = id and redis.call("HGET", K_CP, e .. ":" .. enc(id))
if not record then return { 0 } end
local open, open_count = {}, 0
for i = 3, #ARGV do
  if not open[ARGV[i]] then open[ARGV[i]] = true; open_count = open_count + 1 end
end
local out = { 0 }
local head = record_head(record, "checkpoint record")
local visited = {}
local current = head.has_parent and head.parent or nil
local ancestor_missing = false
while current and open_count > 0 do
  if visited[current] then ancestor_missing = true; break end
  visited[current] = true
  local ancestor = redis.call("HGET", K_CP, e .. ":" .. enc(current))
  if not ancestor then ancestor_missing = true; break end
  local ancestor_head = record_head(ancestor, "checkpoint record")
  local matching = {}
  for _, frame in ipairs(hmget_all(K_WR, write_fields(e .. ":" .. enc(current)))) do
    if frame then
      local parts = parse_frame(frame, "pending write")
      if open[parts[2]] then matching[#matching + 1] = frame end
    end
  end
  local seeds, closed = {}, {}
  for _, channel in ipairs(ancestor_head.channels) do
    if open[channel[1]] then
      local value = redis.call("HGET", K_VAL, value_field(e, channel[1], channel[2]))
      if value and string.sub(value, 1, 3) ~= "1:e" then
        seeds[#seeds + 1] = channel[1]
        seeds[#seeds + 1] = value
        closed[#closed + 1] = channel[1]
      end
    end
  end
  out[#out + 1] = { current, matching, seeds }
  for _, channel in ipairs(closed) do
    if open[channel] then open[channel] = nil; open_count = open_count - 1 end
  end
  current = ancestor_head.has_parent and ancestor_head.parent or nil
end
if ancestor_missing then out[1] = 3 elseif open_count == 0 then out[1] = 2 else out[1] = 1 end
return out
`);

/**
 * `readSerializedRecords`: the stored frames that outbox entries of one thread name. ARGV =
 * count, then (ns, checkpoint id, task) triples; task "" asks for the checkpoint, any other
 * for that task's writes. Returns per triple {} when absent, { record, values (one per
 * channel of the record, nil when missing) } for a checkpoint, { writes } for a task, and
 * { 0 } when the record is absent because a newer checkpoint of its namespace is stored
 * (`history: "latest"` trimmed it in that checkpoint's put, or `prune` removed it): the
 * consumer then knows the data was superseded, not lost. Only the channel list of a record
 * is read here, so a garbled record fails its own entry on the client rather than the whole
 * script.
 */
export const READ_SERIALIZED_RECORDS_LUA = withLuaLibrary(`
-- Byte order through the index, never Lua's locale-dependent \`<\` (see the library).
local function superseded(e, id)
  return redis.call("ZRANGEBYLEX", K_IDX, "(" .. e .. ":" .. id, "(" .. e .. ";", "LIMIT", 0, 1)[1] ~= nil
end
local out = {}
local count = tonumber(ARGV[1])
for i = 0, count - 1 do
  local ns, id, task = ARGV[2 + i * 3], ARGV[3 + i * 3], ARGV[4 + i * 3]
  local e = enc(ns)
  local field = e .. ":" .. enc(id)
  if task == "" then
    local record = redis.call("HGET", K_CP, field)
    if not record then
      out[#out + 1] = superseded(e, id) and { 0 } or {}
    else
      local p = parse_frame(record, "checkpoint record")
      local value_fields = {}
      for c = 1, tonumber(p[6]) or 0 do
        value_fields[c] = value_field(e, p[5 + c * 2], p[6 + c * 2])
      end
      -- The put's size record names the channels it introduced (false: none recorded).
      out[#out + 1] = { record, hmget_all(K_VAL, value_fields), redis.call("HGET", K_CP, size_field(field)) }
    end
  else
    local prefix = field .. ":" .. enc(task) .. ":"
    local fields = {}
    for _, f in ipairs(write_fields(field)) do
      if string.sub(f, 1, #prefix) == prefix then fields[#fields + 1] = f end
    end
    if #fields == 0 and superseded(e, id) then
      out[#out + 1] = { 0 }
    else
      out[#out + 1] = { hmget_all(K_WR, fields) }
    end
  end
end
return out
`);
