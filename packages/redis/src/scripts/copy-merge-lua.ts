/**
 * Lua helpers of `copyThread`'s merge (the restore script, after the library and
 * latest-history helpers). The source's dumps are restored into scratch keys KEYS[9..13] in
 * the target's hash slot, so the merge runs in one script, atomically, also on a Cluster.
 * Everything that can fail (key types, write-list frames) is checked before the first write to
 * the target: a script is not rolled back on error.
 */
export const COPY_MERGE_LUA = `
local SCRATCH_TTL_MS = 60000

local function drop_scratch()
  redis.call("UNLINK", KEYS[9], KEYS[10], KEYS[11], KEYS[12], KEYS[13])
end

local function refuse_source(what)
  drop_scratch()
  corrupt(what)
end

-- True for "<ns>:<id>", a write-list field; write fields hold more ":" (encoded parts hold none).
local function is_write_list_field(field)
  local first = string.find(field, ":", 1, true)
  return first ~= nil and string.find(field, ":", first + 1, true) == nil
end

-- Restores the dumps (ARGV[dumps_before + 1 .. dumps_before + 5]) into the scratch keys and reads what
-- the merge needs. The scratch keys expire on their own should the script still fail later.
local function restore_scratch(dumps_before)
  drop_scratch()
  for i = 1, 5 do
    local dump = ARGV[dumps_before + i]
    if dump ~= "" then redis.call("RESTORE", KEYS[8 + i], SCRATCH_TTL_MS, dump) end
    local actual = type_of(KEYS[8 + i])
    if actual ~= "none" and actual ~= EXPECTED_TYPES[i] then
      refuse_source("source key of type " .. actual)
    end
  end
  local source = { namespaces = redis.call("HKEYS", KEYS[9]), write_lists = {} }
  for _, field in ipairs(redis.call("HKEYS", KEYS[13])) do
    if is_write_list_field(field) then
      local parsed, fields = pcall(parse_frame, redis.call("HGET", KEYS[13], field), "write list")
      if not parsed then refuse_source("write list") end
      source.write_lists[#source.write_lists + 1] = { field = field, writes = fields }
    end
  end
  return source
end

-- Adds every field of \`from\` that \`to\` lacks.
local function hash_add_missing(to, from)
  for _, field in ipairs(redis.call("HKEYS", from)) do
    redis.call("HSETNX", to, field, redis.call("HGET", from, field))
  end
end

-- The source's checkpoint records and size records the target lacks; the bytes of the size
-- records added join the target's total (the source's total is not copied: it counts what
-- the target may already hold).
local function merge_checkpoints()
  local added_bytes = 0
  for _, field in ipairs(redis.call("HKEYS", KEYS[11])) do
    if field ~= TOTAL_FIELD then
      local value = redis.call("HGET", KEYS[11], field)
      if redis.call("HSETNX", K_CP, field, value) == 1 and is_size_field(field) then
        added_bytes = added_bytes + recorded_bytes(value)
      end
    end
  end
  add_recorded_bytes(added_bytes)
end

local function merge_copy(source)
  merge_checkpoints()
  hash_add_missing(K_VAL, KEYS[12])
  -- A write the target lacks is added and appended to its checkpoint's write list.
  for _, list in ipairs(source.write_lists) do
    local appended = {}
    for _, field in ipairs(list.writes) do
      local frame = redis.call("HGET", KEYS[13], field)
      if frame and redis.call("HSETNX", K_WR, field, frame) == 1 then
        appended[#appended + 1] = frame_part(field)
      end
    end
    if #appended > 0 then
      local held = redis.call("HGET", K_WR, list.field) or ""
      redis.call("HSET", K_WR, list.field, held .. table.concat(appended))
    end
  end
  if redis.call("EXISTS", KEYS[10]) == 1 then
    redis.call("ZUNIONSTORE", K_IDX, 2, K_IDX, KEYS[10])
  end
  -- The latest pointer of each namespace the source holds: the newest id of the union.
  for _, e in ipairs(source.namespaces) do
    local newest = redis.call("ZREVRANGEBYLEX", K_IDX, "(" .. e .. ";", "[" .. e .. ":", "LIMIT", 0, 1)[1]
    if newest then
      redis.call("HSET", K_NS, e, string.sub(newest, #e + 2))
    else
      redis.call("HSETNX", K_NS, e, redis.call("HGET", KEYS[9], e))
    end
  end
end

-- \`history: "latest"\`: each merged namespace keeps only its newest checkpoint, as a put would.
-- A newest record that cannot be parsed leaves its namespace untrimmed (the next put trims).
local function keep_latest_only(namespaces)
  for _, e in ipairs(namespaces) do
    local id = redis.call("HGET", K_NS, e)
    local record = id and redis.call("HGET", K_CP, e .. ":" .. enc(id))
    if record then
      local planned, plan = pcall(superseded_by, e, id, record)
      if planned then remove_superseded(plan) end
    end
  end
end
`;
