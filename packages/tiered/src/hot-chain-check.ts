import { LuaScript, type RedisClient, type RedisKeyLayout } from "@checkpointkit/redis";

/**
 * Whether Redis holds a checkpoint and every one of its ancestors, up to one without a
 * parent. Redis can hold a checkpoint without its ancestors: a thread swept from Redis and
 * rehydrated with its latest checkpoint, or a checkpoint written straight to the cold tier
 * while Redis was unreachable. A delta-history walk in Redis alone would then stop early
 * and look complete.
 *
 * `enc` and the first three fields of a checkpoint record ("cr1", parent id, has-parent
 * flag, as `<byte length>:<bytes>` frames) mirror the Redis saver's storage format. A
 * mismatch makes this answer "incomplete", which sends the read to the cold tier: slower,
 * never wrong. KEYS = the Redis saver's script keys of the thread. ARGV = ns, checkpoint id.
 * Returns 1 when the chain is complete, 0 otherwise.
 */
const HOT_CHAIN_IS_COMPLETE = new LuaScript(
  "hotChainIsComplete",
  `
local function enc(s)
  return (string.gsub(s, "[%%:{}%*%?%[%]\\\\/#~%c]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end
local function record_start(s)
  local parts, pos = {}, 1
  while #parts < 3 do
    local colon = string.find(s, ":", pos, true)
    if not colon then return nil end
    local len = tonumber(string.sub(s, pos, colon - 1))
    if not len or len < 0 or colon + len > #s then return nil end
    parts[#parts + 1] = string.sub(s, colon + 1, colon + len)
    pos = colon + len + 1
  end
  return parts
end
local e = enc(ARGV[1])
local current, visited = ARGV[2], {}
while not visited[current] do
  visited[current] = true
  local record = redis.call("HGET", KEYS[3], e .. ":" .. enc(current))
  if not record then return 0 end
  local parts = record_start(record)
  if not parts or parts[1] ~= "cr1" then return 0 end
  if parts[3] ~= "1" then return 1 end
  current = parts[2]
end
return 0
`,
);

/** One script: true when Redis holds `checkpointId` and its whole ancestor chain. */
export async function hotChainIsComplete(
  client: RedisClient,
  keyLayout: RedisKeyLayout,
  address: { threadId: string; checkpointNs: string; checkpointId: string },
): Promise<boolean> {
  const reply = await HOT_CHAIN_IS_COMPLETE.run(client, keyLayout.scriptKeys(address.threadId), [
    address.checkpointNs,
    address.checkpointId,
  ]);
  return Number(reply) === 1;
}
