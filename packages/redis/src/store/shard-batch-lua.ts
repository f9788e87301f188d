import { LuaScript } from "../lua-script.js";

/**
 * Runs every operation of one batch that falls on one shard, in one script (so the batch
 * costs one EVALSHA per shard it touches, all pipelined).
 *
 * KEYS[1] the shard's index (members `<path>:<key>`), KEYS[2] its namespace set, KEYS[3] its
 * write sequence (each put's `q`: newest-first order within one millisecond).
 * ARGV[1] the item key prefix, ARGV[2] "1" to restart the TTL of items read, ARGV[3] the
 * operations as JSON, whose strings (members, bounds, values, vectors) are ARGV positions
 * from 4 on, so no user string is ever parsed by cjson except values and filter operands.
 * Item keys are built here from the shard's item prefix: they share the shard's hash tag,
 * so every key the script touches is in one slot.
 *
 * Answers one entry per operation: a get `{v, c, u}` or 0; a search a flat list of
 * `member, value, createdAt, updatedAt, score, sequence` (score "" without a query), its best
 * `k`;
 * a listing the namespace paths holding a live item; a write 0.
 *
 * Expired items vanish by Redis' own expiry; their index members are removed when a read
 * meets them. Vectors are little-endian float64s, each after its norm (see packVectors):
 * the cosine is computed in double precision, as a brute-force search would.
 */
const SHARD_BATCH_SOURCE = `
local idx, nsk = KEYS[1], KEYS[2]
local item_prefix = ARGV[1]
local refresh = ARGV[2] == '1'
local ops = cjson.decode(ARGV[3])
local time = redis.call('TIME')
local now = string.format('%d', tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000))

-- Byte order, whatever the server's locale (Lua's < on strings uses strcoll). Members under
-- one prefix share its first \`from - 1\` bytes, which are skipped.
local function bytes_less(a, b, from)
  local n = math.min(#a, #b)
  for i = from or 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end

local function deep_equal(a, b)
  if type(a) ~= type(b) then return false end
  if type(a) ~= 'table' then return a == b end
  for k, v in pairs(a) do if not deep_equal(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end

local function contains(list, v)
  for _, e in ipairs(list) do if deep_equal(v, e) then return true end end
  return false
end

local function compare(v, op, arg)
  local tv = type(v)
  if tv ~= type(arg) or (tv ~= 'number' and tv ~= 'string') then return false end
  local lt, gt
  if tv == 'number' then lt, gt = v < arg, v > arg
  else lt, gt = bytes_less(v, arg), bytes_less(arg, v) end
  if op == '$gt' then return gt elseif op == '$gte' then return not lt
  elseif op == '$lt' then return lt else return not gt end
end

-- Stored JSON that does not parse (or a missing value) is corruption, reported with the marker
-- the client maps to CorruptCheckpointError.
local function decode_stored(text)
  local ok, value = pcall(cjson.decode, text or '')
  if not ok then error('CHECKPOINTKIT_CORRUPT a store item whose JSON does not parse') end
  return value
end

-- A reader of an item's top-level fields for filters: each from its own hash field \`f:<name>\`
-- (the JSON of a scalar, or '*': present, decode the whole value, once).
local function field_reader(key, f, slot)
  local doc
  return function(name)
    local text = f[3 + slot[name]]
    if not text then return nil end
    if text ~= '*' then return decode_stored(text) end
    doc = doc or decode_stored(redis.call('HGET', key, 'v'))
    if type(doc) ~= 'table' then error('CHECKPOINTKIT_CORRUPT a store item whose value is no object') end
    return doc[name]
  end
end

local function matches(read, conds)
  for _, c in ipairs(conds) do
    local v, op, arg = read(c[1]), c[2], c[3]
    local ok
    if op == '$eq' then ok = v ~= nil and deep_equal(v, arg)
    elseif op == '$ne' then ok = not (v ~= nil and deep_equal(v, arg))
    elseif op == '$in' then ok = v ~= nil and contains(arg, v)
    elseif op == '$nin' then ok = not (v ~= nil and contains(arg, v))
    elseif op == '$exists' then ok = (v ~= nil) == arg
    else ok = compare(v, op, arg) end
    if not ok then return false end
  end
  return true
end

-- The best cosine of the query against an item's vectors.
local function best_score(packed, q, qnorm, dims)
  local fmt = '<' .. string.rep('d', dims + 1)
  local best = nil
  for pos = 1, #packed, (dims + 1) * 8 do
    local vals = { struct.unpack(fmt, packed, pos) }
    local norm, score = vals[1], 0
    if norm > 0 and qnorm > 0 then
      local dot = 0
      for i = 1, dims do dot = dot + vals[i + 1] * q[i] end
      score = dot / (norm * qnorm)
    end
    if best == nil or score > best then best = score end
  end
  return best
end

-- The first k of hits in \`before\` order, by insertion into a sorted list of at most k:
-- about one comparison per hit instead of a sort's n log n, for the usual small page.
local function best_of(hits, k, before)
  local top = {}
  for _, hit in ipairs(hits) do
    local n = #top
    if n < k or before(hit, top[n]) then
      local at = n + 1
      while at > 1 and before(hit, top[at - 1]) do
        top[at] = top[at - 1]
        at = at - 1
      end
      top[at] = hit
      if #top > k then top[#top] = nil end
    end
  end
  return top
end

local function touch(key, ttl)
  local t = tonumber(ttl)
  if refresh and t and t > 0 then redis.call('PEXPIRE', key, t) end
end

local function get(op)
  local key = item_prefix .. ARGV[op.m]
  local f = redis.call('HMGET', key, 'v', 'c', 'u', 't')
  if not f[1] then return 0 end
  touch(key, f[4])
  return { f[1], f[2], f[3] }
end

local function search(op)
  local conds = op.f
  local filtered = #conds > 0
  local q, qnorm
  if op.q > 0 then
    q = { struct.unpack('<' .. string.rep('d', op.d), ARGV[op.q]) }
    qnorm = 0
    for i = 1, op.d do qnorm = qnorm + q[i] * q[i] end
    qnorm = math.sqrt(qnorm)
  end
  -- Newest first breaks ties of updatedAt by write sequence (unique per shard), so the
  -- byte comparison of members only runs for equal scores of a query.
  local function before(a, b)
    if a[2] ~= b[2] then return a[2] > b[2] end
    if a[3] ~= b[3] then return a[3] > b[3] end
    return bytes_less(a[1], b[1], op.p + 1)
  end
  local fetch, slot = { 'u', q and 'e' or 'u', 'q' }, {}
  for _, c in ipairs(conds) do
    if not slot[c[1]] then
      fetch[#fetch + 1] = 'f:' .. c[1]
      slot[c[1]] = #fetch - 3
    end
  end
  local hits = {}
  for r = 1, #op.r, 2 do
    for _, m in ipairs(redis.call('ZRANGEBYLEX', idx, ARGV[op.r[r]], ARGV[op.r[r + 1]])) do
      local key = item_prefix .. m
      local f = redis.call('HMGET', key, unpack(fetch))
      if not f[1] then
        redis.call('ZREM', idx, m)
      elseif not filtered or matches(field_reader(key, f, slot), conds) then
        if not q then hits[#hits + 1] = { m, tonumber(f[1]), tonumber(f[3]) or 0 }
        -- Items stored without vectors are not ranked by a query (as in PostgresStore).
        elseif f[2] then hits[#hits + 1] = { m, best_score(f[2], q, qnorm, op.d), 0 } end
      end
    end
  end
  if #hits > op.k * 4 and op.k <= 64 then hits = best_of(hits, op.k, before)
  else table.sort(hits, before) end
  local out = {}
  for i = 1, math.min(op.k, #hits) do
    local m = hits[i][1]
    local key = item_prefix .. m
    local f = redis.call('HMGET', key, 'v', 'c', 'u', 't')
    touch(key, f[4])
    out[#out + 1] = m
    out[#out + 1] = f[1]
    out[#out + 1] = f[2]
    out[#out + 1] = f[3]
    out[#out + 1] = q and string.format('%.17g', hits[i][2]) or ''
    out[#out + 1] = hits[i][3]
  end
  return out
end

-- Whether a namespace still holds an item that has not expired; drops expired members.
local function holds_live_item(ns)
  local lo, hi = '[' .. ns .. ':', '(' .. ns .. ';'
  while true do
    local members = redis.call('ZRANGEBYLEX', idx, lo, hi, 'LIMIT', 0, 32)
    if #members == 0 then return false end
    for _, m in ipairs(members) do
      if redis.call('EXISTS', item_prefix .. m) == 1 then return true end
      redis.call('ZREM', idx, m)
    end
  end
end

local function list(op)
  local out = {}
  for r = 1, #op.r, 2 do
    for _, ns in ipairs(redis.call('ZRANGEBYLEX', nsk, ARGV[op.r[r]], ARGV[op.r[r + 1]])) do
      if holds_live_item(ns) then out[#out + 1] = ns else redis.call('ZREM', nsk, ns) end
    end
  end
  return out
end

local function put(op)
  local m = ARGV[op.m]
  local key = item_prefix .. m
  local ttl = string.format('%d', op.t)
  local created = redis.call('HGET', key, 'c') or now
  redis.call('DEL', key)
  local sequence = redis.call('INCR', KEYS[3])
  redis.call('HSET', key, 'v', ARGV[op.v], 'c', created, 'u', now, 't', ttl, 'q', sequence)
  if op.e > 0 then redis.call('HSET', key, 'e', ARGV[op.e]) end
  -- The filter fields, a bounded number per HSET (unpack is limited by Lua's stack).
  for first = 1, #op.f, 200 do
    local pairs_ = {}
    for i = first, math.min(first + 199, #op.f), 2 do
      pairs_[#pairs_ + 1] = 'f:' .. ARGV[op.f[i]]
      pairs_[#pairs_ + 1] = ARGV[op.f[i + 1]]
    end
    redis.call('HSET', key, unpack(pairs_))
  end
  if op.t > 0 then redis.call('PEXPIRE', key, ttl) end
  redis.call('ZADD', idx, 0, m)
  redis.call('ZADD', nsk, 0, ARGV[op.n])
  return 0
end

local function delete(op)
  local m, ns = ARGV[op.m], ARGV[op.n]
  redis.call('DEL', item_prefix .. m)
  redis.call('ZREM', idx, m)
  if #redis.call('ZRANGEBYLEX', idx, '[' .. ns .. ':', '(' .. ns .. ';', 'LIMIT', 0, 1) == 0 then
    redis.call('ZREM', nsk, ns)
  end
  return 0
end

local handlers = { g = get, s = search, l = list, p = put, d = delete }
local replies = {}
for i, op in ipairs(ops) do replies[i] = handlers[op.o](op) end
return replies
`;

export const SHARD_BATCH_SCRIPT = new LuaScript("store-shard-batch", SHARD_BATCH_SOURCE);
