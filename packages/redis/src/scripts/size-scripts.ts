import { withLuaLibrary } from "./lua-library.js";

/**
 * `getCheckpointSize`: ARGV = ns, checkpoint id ("" = the namespace's latest). Returns {}
 * when the checkpoint is absent, else { id, size record } with "" for a checkpoint written
 * before sizes were recorded.
 */
export const CHECKPOINT_SIZE_LUA = withLuaLibrary(`
local e, id = enc(ARGV[1]), ARGV[2]
if id == "" then id = redis.call("HGET", K_NS, e) end
if not id then return {} end
local record_field = e .. ":" .. enc(id)
if redis.call("HEXISTS", K_CP, record_field) == 0 then return {} end
return { id, redis.call("HGET", K_CP, size_field(record_field)) or "" }
`);

/**
 * `threadSizeSummary`: ARGV = last N. For each namespace of the thread, its newest N
 * checkpoint ids and their size records (nil where none was recorded): { encoded ns, { ids },
 * { size records } } triples. The client merges the namespaces by id (Lua's string order
 * follows the server's locale) and keeps the newest N.
 */
export const RECENT_SIZES_LUA = withLuaLibrary(`
local last_n = tonumber(ARGV[1])
local out = {}
for _, e in ipairs(redis.call("HKEYS", K_NS)) do
  local members = redis.call("ZREVRANGEBYLEX", K_IDX, "(" .. e .. ";", "[" .. e .. ":", "LIMIT", 0, last_n)
  local ids, fields = {}, {}
  for m = 1, #members do
    ids[m] = string.sub(members[m], #e + 2)
    fields[m] = size_field(e .. ":" .. enc(ids[m]))
  end
  out[#out + 1] = e
  out[#out + 1] = ids
  out[#out + 1] = #fields > 0 and hmget_all(K_CP, fields) or {}
end
return out
`);

/**
 * One thread of a \`listThreads\` page: returns { checkpoint count (all namespaces), stored
 * bytes } — ZCARD of its checkpoint index and the running total of its size records
 * (\`TOTAL_FIELD\`, kept by every script that adds or removes one). Constant work, however
 * long the thread.
 */
export const THREAD_TOTALS_LUA = withLuaLibrary(`
local count = redis.call("ZCARD", K_IDX)
if count == 0 then return { 0, 0 } end
return { count, tonumber(total_plus(redis.call("HGET", K_CP, TOTAL_FIELD), 0)) }
`);
