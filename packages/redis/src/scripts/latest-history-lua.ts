/**
 * Lua helpers of `history: "latest"`, used by the `put` and `putWrites` scripts (after the
 * library, see `withLuaLibrary`). They run inside the script that stores the checkpoint or
 * the writes, so trimming costs no extra round trip and no reader ever finds a namespace
 * without its checkpoint. Ids are compared through the checkpoint index (a sorted set in
 * byte order), never with Lua's `<`, which follows the server's locale.
 */
export const LATEST_HISTORY_LUA = `
-- True when the namespace already holds a checkpoint with an id after \`id\`.
local function newer_checkpoint_stored(e, id)
  return redis.call("ZRANGEBYLEX", K_IDX, "(" .. e .. ":" .. id, "(" .. e .. ";", "LIMIT", 0, 1)[1] ~= nil
end

-- What a put of \`record\` supersedes in namespace \`e\`: the checkpoints before \`id\` (records
-- and size records, whose bytes leave the thread's total), their writes, and the values they name that \`record\` does not. Read before the script writes
-- anything: a script is not rolled back on error. An older record that cannot be parsed is
-- still removed; only its values or writes cannot be found (they stay, unreferenced).
local function superseded_by(e, id, record)
  local plan = { records = {}, sizes = {}, writes = {}, values = {} }
  local older = redis.call("ZRANGEBYLEX", K_IDX, "[" .. e .. ":", "(" .. e .. ":" .. id)
  if #older == 0 then return plan end
  local kept = {}
  for _, channel in ipairs(record_head(record, "checkpoint record").channels) do
    kept[value_field(e, channel[1], channel[2])] = true
  end
  for _, member in ipairs(older) do
    local record_field = e .. ":" .. enc(string.sub(member, #e + 2))
    local old = redis.call("HGET", K_CP, record_field)
    local parsed, head = pcall(record_head, old or "", "checkpoint record")
    if old and parsed then
      for _, channel in ipairs(head.channels) do
        local field = value_field(e, channel[1], channel[2])
        if not kept[field] then
          kept[field] = true
          plan.values[#plan.values + 1] = field
        end
      end
    end
    plan.records[#plan.records + 1] = record_field
    plan.sizes[#plan.sizes + 1] = size_field(record_field)
    local listed, fields = pcall(write_fields, record_field)
    if listed then
      for _, field in ipairs(fields) do plan.writes[#plan.writes + 1] = field end
    end
    plan.writes[#plan.writes + 1] = record_field
  end
  plan.older_than = "(" .. e .. ":" .. id
  plan.from = "[" .. e .. ":"
  return plan
end

local function remove_superseded(plan)
  if not plan.from then return end
  redis.call("ZREMRANGEBYLEX", K_IDX, plan.from, plan.older_than)
  local removed_bytes = 0
  for _, size in ipairs(hmget_all(K_CP, plan.sizes)) do
    removed_bytes = removed_bytes + recorded_bytes(size)
  end
  add_recorded_bytes(-removed_bytes)
  hdel_all(K_CP, plan.records)
  hdel_all(K_CP, plan.sizes)
  hdel_all(K_WR, plan.writes)
  hdel_all(K_VAL, plan.values)
end
`;
