import { BYTES_AFTER_LUA } from "./byte-order-lua.js";
import { withLuaLibrary } from "./lua-library.js";

/**
 * `prune_thread(thread, keep, older_than)` on the thread keys K_NS … K_WR: per namespace,
 * deletes every checkpoint outside the newest `keep` whose record time is older than
 * `older_than` (nil = any age; never the newest), with its size record (its bytes leave the
 * thread's total), its writes and the channel values no kept checkpoint references. An
 * expired or deleted thread (no namespaces) loses its stale thread-index entry. Returns the
 * number of checkpoints deleted and the number examined.
 */
const PRUNE_THREAD_FUNCTION_LUA = `
local function prune_thread(thread, keep, older_than)
  local deleted, removed_bytes, examined = 0, 0, 0
  if redis.call("EXISTS", K_NS) == 0 then redis.call("ZREM", K_THREADS, thread) end
  for _, e in ipairs(redis.call("HKEYS", K_NS)) do
    local members = redis.call("ZRANGEBYLEX", K_IDX, "[" .. e .. ":", "(" .. e .. ";")
    examined = examined + #members
    local candidates, referenced = {}, {}
    for i = 1, #members do
      local id = string.sub(members[i], #e + 2)
      local record_field = e .. ":" .. enc(id)
      local record = redis.call("HGET", K_CP, record_field)
      local head = record and record_head(record, "checkpoint record")
      local removable = i <= #members - keep and (not older_than or (head and head.ts < older_than))
      if removable then
        redis.call("ZREM", K_IDX, members[i])
        if record then
          removed_bytes = removed_bytes + recorded_bytes(redis.call("HGET", K_CP, size_field(record_field)))
          redis.call("HDEL", K_CP, record_field, size_field(record_field))
          for _, channel in ipairs(head.channels) do
            candidates[#candidates + 1] = value_field(e, channel[1], channel[2])
          end
        end
        local fields = write_fields(record_field)
        fields[#fields + 1] = record_field
        hdel_all(K_WR, fields)
        deleted = deleted + 1
      elseif head then
        for _, channel in ipairs(head.channels) do
          referenced[value_field(e, channel[1], channel[2])] = true
        end
      end
    end
    local unreferenced = {}
    for _, field in ipairs(candidates) do
      if not referenced[field] then
        referenced[field] = true
        unreferenced[#unreferenced + 1] = field
      end
    end
    hdel_all(K_VAL, unreferenced)
  end
  add_recorded_bytes(-removed_bytes)
  return deleted, examined
end
`;

/**
 * `prune` of one thread: ARGV = keep latest (≥ 1), older-than epoch ms ("" = any age), thread.
 * Returns the number of checkpoints deleted (see `prune_thread`).
 */
export const PRUNE_THREAD_LUA = withLuaLibrary(`${PRUNE_THREAD_FUNCTION_LUA}
check_key_types("")
local deleted = prune_thread(ARGV[3], tonumber(ARGV[1]), ARGV[2] ~= "" and tonumber(ARGV[2]) or nil)
return deleted
`);

/**
 * One step of `prune` over a shard: prunes a page of its threads, then reads the next page.
 * KEYS[1] = the shard's thread index, then the five keys of each thread in ARGV[7…] (in
 * order; all in the shard's hash slot). ARGV = keep latest, older-than epoch ms ("" = any
 * age), cursor score ("" = from the start), cursor thread id, page size, checkpoint budget,
 * thread ids.
 *
 * The index is walked in ascending (score, thread id) order from just after the cursor, the
 * cursor being the last thread of the previous page: a thread untouched during the walk is
 * visited exactly once, whatever is written or removed meanwhile; a thread written meanwhile
 * moves past the cursor and may be visited again (pruning it twice deletes nothing more).
 *
 * Once the threads pruned so far held `budget` checkpoints, the script stops before the next
 * thread and reads no page: the caller sends the rest again. So one script's work is bounded
 * by checkpoints, however large the threads (the largest thread still goes whole).
 *
 * A thread whose data the script cannot read is left as it is and named in the reply, so the
 * others are still pruned. Returns { checkpoints deleted, threads done (pruned or corrupt),
 * { corrupt thread, error, … }, { next thread id, score, … } }; when every thread is done and
 * the next page is shorter than the page size, the shard is done.
 */
export const PRUNE_SHARD_PAGE_LUA = withLuaLibrary(`${PRUNE_THREAD_FUNCTION_LUA}${BYTES_AFTER_LUA}
local keep = tonumber(ARGV[1])
local older_than = ARGV[2] ~= "" and tonumber(ARGV[2]) or nil
local after_score, after_id, page_size, budget = ARGV[3], ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
local FIRST_THREAD_ARG = 7
K_THREADS = KEYS[1]
local threads_type = type_of(K_THREADS)
if threads_type ~= "none" and threads_type ~= "zset" then corrupt("thread index of type " .. threads_type) end

local function prune_checked(thread)
  for i = 1, 5 do
    local actual = type_of(KEYS[1 + (thread.position - 1) * 5 + i])
    if actual ~= "none" and actual ~= EXPECTED_TYPES[i] then corrupt("key of type " .. actual) end
  end
  return prune_thread(thread.id, keep, older_than)
end

local deleted, examined, done, corrupt_threads = 0, 0, 0, {}
for position = 1, #ARGV - FIRST_THREAD_ARG + 1 do
  if examined >= budget then return { deleted, done, corrupt_threads, {} } end
  local base = 1 + (position - 1) * 5
  K_NS, K_IDX, K_CP, K_VAL, K_WR = KEYS[base + 1], KEYS[base + 2], KEYS[base + 3], KEYS[base + 4], KEYS[base + 5]
  local thread = { id = ARGV[FIRST_THREAD_ARG - 1 + position], position = position }
  local ok, result, thread_examined = pcall(prune_checked, thread)
  done = done + 1
  if ok then
    deleted = deleted + result
    examined = examined + thread_examined
  else
    local message = type(result) == "table" and result.err or tostring(result)
    if not (string.find(message, "CHECKPOINTKIT_CORRUPT", 1, true) or string.find(message, "WRONGTYPE", 1, true)) then
      error(result)
    end
    corrupt_threads[#corrupt_threads + 1] = thread.id
    corrupt_threads[#corrupt_threads + 1] = message
  end
end

local next_page, min = {}, "-inf"
local function take(members_with_scores)
  for i = 1, #members_with_scores, 2 do
    if #next_page >= page_size * 2 then return end
    next_page[#next_page + 1] = members_with_scores[i]
    next_page[#next_page + 1] = members_with_scores[i + 1]
  end
end
if after_score ~= "" then
  local score = redis.call("ZSCORE", K_THREADS, after_id)
  if score and tonumber(score) == tonumber(after_score) then
    -- The cursor thread is where it was: the next page starts right after its rank.
    local rank = redis.call("ZRANK", K_THREADS, after_id)
    take(redis.call("ZRANGE", K_THREADS, rank + 1, rank + page_size, "WITHSCORES"))
    return { deleted, done, corrupt_threads, next_page }
  end
  -- It moved or left: the rest of its score group (byte order), then the higher scores.
  local GROUP_CHUNK, offset = 200, 0
  while #next_page < page_size * 2 do
    local members = redis.call("ZRANGE", K_THREADS, after_score, after_score, "BYSCORE", "LIMIT", offset, GROUP_CHUNK)
    for _, id in ipairs(members) do
      if bytes_after(id, after_id) then take({ id, after_score }) end
    end
    if #members < GROUP_CHUNK then break end
    offset = offset + GROUP_CHUNK
  end
  min = "(" .. after_score
end
if #next_page < page_size * 2 then
  take(redis.call("ZRANGE", K_THREADS, min, "+inf", "BYSCORE", "LIMIT", 0, page_size - #next_page / 2, "WITHSCORES"))
end
return { deleted, done, corrupt_threads, next_page }
`);
