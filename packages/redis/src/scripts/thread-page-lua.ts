import { BYTES_AFTER_LUA } from "./byte-order-lua.js";

/**
 * One shard's part of a `listThreads` page. KEYS[1] = the shard's thread index (ZSET: thread
 * id → epoch ms of its last write). ARGV = cursor score ("" = from the newest), cursor thread
 * id, thread id prefix, limit, scan budget.
 *
 * Walks the index in listing order — score descending, equal scores by thread id ascending
 * (bytes) — from just after the cursor, and returns { exhausted 0/1, frontier score, frontier
 * id, then (thread id, score) pairs of the threads whose id starts with the prefix }. It stops
 * after `limit` matches or after examining `budget` threads; the frontier is the last thread
 * it examined, so every thread between the cursor and the frontier was seen. Equal scores are
 * read per score (ZRANGE BYSCORE on one score is in member byte order); bytes are compared
 * one by one since Lua's string order follows the server's locale.
 */
export const THREAD_PAGE_LUA = `
local after_score, after_id, prefix = ARGV[1], ARGV[2], ARGV[3]
local limit, budget = tonumber(ARGV[4]), tonumber(ARGV[5])
local GROUP_CHUNK = 200
${BYTES_AFTER_LUA}
local out = { 0, "", "" }
local examined, matched = 0, 0
local max = after_score == "" and "+inf" or after_score
while true do
  local head = redis.call("ZRANGE", KEYS[1], max, "-inf", "BYSCORE", "REV", "LIMIT", 0, 1, "WITHSCORES")
  if #head == 0 then
    out[1] = 1
    return out
  end
  local score = head[2]
  local at_cursor = after_score ~= "" and tonumber(score) == tonumber(after_score)
  local offset = 0
  while true do
    local members = redis.call("ZRANGE", KEYS[1], score, score, "BYSCORE", "LIMIT", offset, GROUP_CHUNK)
    for _, id in ipairs(members) do
      if not at_cursor or bytes_after(id, after_id) then
        examined = examined + 1
        out[2], out[3] = score, id
        if string.sub(id, 1, #prefix) == prefix then
          out[#out + 1] = id
          out[#out + 1] = score
          matched = matched + 1
        end
        if matched >= limit or examined >= budget then return out end
      end
    end
    if #members < GROUP_CHUNK then break end
    offset = offset + GROUP_CHUNK
  end
  max = "(" .. score
end
`;
