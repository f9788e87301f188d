/**
 * Lua helpers every script of the saver starts with.
 *
 * KEYS are always, in this order (see `RedisKeyLayout.scriptKeys`): namespaces, checkpoint
 * index, checkpoints, channel values, writes (the thread's five keys), then the shard's
 * thread index and outbox stream. All share one hash slot, so every script also runs on a
 * Redis Cluster. Hash fields are built here with `enc`, the Lua twin of core's
 * `encodeKeyPart` (a test checks they agree byte for byte).
 *
 * Strings are never compared with `<` in Lua: Redis sets LC_COLLATE, so Lua's string order
 * follows the server's locale. Ordering comes from sorted sets (byte order) or from the client.
 */
export const LUA_LIBRARY = `
local K_NS, K_IDX, K_CP, K_VAL, K_WR, K_THREADS, K_OUTBOX =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]

-- Most parts (uuids, version tokens, plain names) hold none of the encoded characters: one
-- anchored scan of a small class is cheaper than gsub trying the twelve-item class at every byte.
local function enc(s)
  if string.find(s, "^[0-9A-Za-z_%.%-]*$") then return s end
  return (string.gsub(s, "[%%:{}%*%?%[%]\\\\/#~%c]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

local function corrupt(what)
  error("CHECKPOINTKIT_CORRUPT " .. what)
end

-- Frames are sequences of "<byte length>:<bytes>" (see stored-frame.ts). Reads parts from
-- byte \`pos\` into \`parts\` until the frame ends or \`parts\` holds \`limit\`; returns both.
local function frame_parts(s, what, pos, limit, parts)
  local n = #s
  while pos <= n and #parts < limit do
    local colon = string.find(s, ":", pos, true)
    if not colon then corrupt(what) end
    local len = tonumber(string.sub(s, pos, colon - 1))
    if not len or len < 0 or colon + len > n then corrupt(what) end
    parts[#parts + 1] = string.sub(s, colon + 1, colon + len)
    pos = colon + len + 1
  end
  return parts, pos
end

local function parse_frame(s, what)
  return (frame_parts(s, what, 1, math.huge, {}))
end

local function frame_part(s)
  return #s .. ":" .. s
end

-- A checkpoint record starts with: "cr1", parent id, has parent, v, ts ms, channel count,
-- then (channel, version token) pairs (see stored-records.ts). Only the head is parsed: each
-- part costs a few string calls, and the body (checkpoint, metadata) is the client's to read.
local function record_head(rec, what)
  local p, pos = frame_parts(rec, what, 1, 6, {})
  local count = tonumber(p[6])
  if p[1] ~= "cr1" or not count then corrupt(what) end
  frame_parts(rec, what, pos, 6 + count * 2, p)
  if #p < 6 + count * 2 then corrupt(what) end
  local channels = {}
  for i = 1, count do channels[i] = { p[5 + i * 2], p[6 + i * 2] } end
  return { parent = p[2], has_parent = p[3] == "1", v = tonumber(p[4]) or 0,
    ts = tonumber(p[5]) or 0, channels = channels }
end

-- The checkpoint's size record (core's encodeStoredSize text) sits next to its record in the
-- checkpoints hash: "<ns>:<id>:size". Record fields hold one ":" (encoded parts hold none).
local function size_field(record_field)
  return record_field .. ":size"
end

local function is_size_field(field)
  return string.find(field, "^[^:]*:[^:]*:size$") ~= nil
end

-- The thread's running total of its size records' stored bytes, in the same hash under a field
-- without ":" (no record's): what listThreads reads. Every script that adds or removes a size
-- record moves it in the same script, and it expires and is deleted with the hash.
local TOTAL_FIELD = "stored-bytes"

-- Stored bytes of an encoded size record; 0 when absent or damaged (counted as unrecorded).
local function recorded_bytes(text)
  if not text then return 0 end
  local decoded, record = pcall(cjson.decode, text)
  if not decoded or type(record) ~= "table" or type(record.o) ~= "number" or type(record.c) ~= "table" then
    return 0
  end
  local total = record.o
  for _, channel in ipairs(record.c) do
    if type(channel) == "table" and type(channel[3]) == "number" then total = total + channel[3] end
  end
  return total
end

-- The total after adding \`delta\` to what the hash holds (a damaged total counts as 0).
local function total_plus(held, delta)
  return string.format("%d", math.max(0, (tonumber(held) or 0) + delta))
end

local function add_recorded_bytes(delta)
  if delta == 0 then return end
  redis.call("HSET", K_CP, TOTAL_FIELD, total_plus(redis.call("HGET", K_CP, TOTAL_FIELD), delta))
end

local function value_field(e, channel, token)
  return e .. ":" .. enc(channel) .. ":" .. enc(token)
end

local function hmget_all(key, fields)
  local out = {}
  for i = 1, #fields, 500 do
    local chunk = {}
    for j = i, math.min(i + 499, #fields) do chunk[#chunk + 1] = fields[j] end
    local got = redis.call("HMGET", key, unpack(chunk))
    for j = 1, #chunk do out[#out + 1] = got[j] end
  end
  return out
end

local function hdel_all(key, fields)
  for i = 1, #fields, 500 do
    local chunk = {}
    for j = i, math.min(i + 499, #fields) do chunk[#chunk + 1] = fields[j] end
    redis.call("HDEL", key, unpack(chunk))
  end
end

-- The fields of one checkpoint's writes, from the list kept under "<ns>:<id>".
local function write_fields(checkpoint_field)
  local list = redis.call("HGET", K_WR, checkpoint_field)
  if not list then return {} end
  return parse_frame(list, "write list")
end

local function now_ms()
  local t = redis.call("TIME")
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Records activity in the shard's thread index and restarts the TTL of all five thread keys.
local function touch_thread(thread, ttl_ms, only_existing)
  local now = now_ms()
  if only_existing then
    redis.call("ZADD", K_THREADS, "XX", now, thread)
  else
    redis.call("ZADD", K_THREADS, now, thread)
  end
  if ttl_ms > 0 then
    for i = 1, 5 do redis.call("PEXPIRE", KEYS[i], ttl_ms) end
    redis.call("ZREMRANGEBYSCORE", K_THREADS, "-inf", "(" .. string.format("%d", now - ttl_ms))
  end
end

local EXPECTED_TYPES = { "hash", "zset", "hash", "hash", "hash" }
local ALL_THREAD_KEYS = { 1, 2, 3, 4, 5 }

local function type_of(key)
  local reply = redis.call("TYPE", key)
  return type(reply) == "table" and reply.ok or reply
end

-- Scripts are not rolled back on error, so a script that writes first checks that no key it
-- touches holds foreign data of another type: it then fails before its first write.
-- Scripts that replace the thread keys wholesale (delete, restore) skip them: DEL works on any type.
-- \`only_thread_keys\` (indexes into KEYS) narrows the check to the thread keys a script writes
-- without reading them first: a read of a key of another type fails before any write, too.
local function check_key_types(outbox_mode, skip_thread_keys, only_thread_keys)
  if not skip_thread_keys then
    for _, i in ipairs(only_thread_keys or ALL_THREAD_KEYS) do
      local actual = type_of(KEYS[i])
      if actual ~= "none" and actual ~= EXPECTED_TYPES[i] then corrupt("key of type " .. actual) end
    end
  end
  local threads = type_of(K_THREADS)
  if threads ~= "none" and threads ~= "zset" then corrupt("thread index of type " .. threads) end
  if outbox_mode ~= "" then
    local stream = type_of(K_OUTBOX)
    if stream ~= "none" and stream ~= "stream" then corrupt("outbox of type " .. stream) end
  end
end

-- mode "" = outbox off, "0" = on without trimming, n = on with MAXLEN ~ n.
local function outbox(mode, fields)
  if mode == "" then return "" end
  local args = { "XADD", K_OUTBOX }
  if mode ~= "0" then
    args[#args + 1] = "MAXLEN"
    args[#args + 1] = "~"
    args[#args + 1] = mode
  end
  args[#args + 1] = "*"
  for i = 1, #fields do args[#args + 1] = fields[i] end
  return redis.call(unpack(args))
end
`;

/** Wraps a script body with the library. */
export function withLuaLibrary(body: string): string {
  return `${LUA_LIBRARY}\n${body}`;
}
