import type { RedisClient, RedisKeyLayout, RedisOutboxEntry } from "@checkpointkit/redis";
import type { ColdValue } from "./cold-tier.js";
import {
  decodeHotChannelValue,
  decodeHotRecord,
  decodeHotWrite,
  type HotCheckpointRecord,
  type HotWrite,
} from "./hot-record-format.js";
import { LuaScript } from "./lua-script.js";

/**
 * ADAPTER (see hot-record-format.ts): reads, for one thread, the stored frames of the
 * checkpoints and task writes that outbox entries name, in one script. KEYS are the Redis
 * saver's script keys of the thread (`RedisKeyLayout.scriptKeys`); the field names follow
 * its layout (`<enc ns>:<enc id>` records, `<enc ns>:<enc channel>:<enc token>` values, a
 * frame-encoded list of write fields under `<enc ns>:<enc id>`).
 * ARGV = count, then (ns, checkpoint id, task) triples; task "" asks for the checkpoint,
 * anything else for that task's writes. Returns per triple {} when absent, { record, values }
 * for a checkpoint, { writes } for a task.
 */
const READ_FOR_FLUSH_LUA = `
local K_CP, K_VAL, K_WR = KEYS[3], KEYS[4], KEYS[5]
local function enc(s)
  return (string.gsub(s, "[%%:{}%*%?%[%]\\\\/#~%c]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end
local function parse_frame(s)
  local parts, pos, n = {}, 1, #s
  while pos <= n do
    local colon = string.find(s, ":", pos, true)
    if not colon then error("CHECKPOINTKIT_CORRUPT frame") end
    local len = tonumber(string.sub(s, pos, colon - 1))
    if not len or colon + len > n then error("CHECKPOINTKIT_CORRUPT frame") end
    parts[#parts + 1] = string.sub(s, colon + 1, colon + len)
    pos = colon + len + 1
  end
  return parts
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
      out[#out + 1] = {}
    else
      local p = parse_frame(record)
      local channel_count = tonumber(p[6]) or 0
      local value_fields = {}
      for c = 1, channel_count do
        value_fields[c] = e .. ":" .. enc(p[5 + c * 2]) .. ":" .. enc(p[6 + c * 2])
      end
      local values = channel_count > 0 and redis.call("HMGET", K_VAL, unpack(value_fields)) or {}
      out[#out + 1] = { record, values }
    end
  else
    local list = redis.call("HGET", K_WR, field)
    local prefix = field .. ":" .. enc(task) .. ":"
    local fields = {}
    if list then
      for _, f in ipairs(parse_frame(list)) do
        if string.sub(f, 1, #prefix) == prefix then fields[#fields + 1] = f end
      end
    end
    local writes = #fields > 0 and redis.call("HMGET", K_WR, unpack(fields)) or {}
    out[#out + 1] = { writes }
  end
end
return out
`;

const READ_FOR_FLUSH = new LuaScript(READ_FOR_FLUSH_LUA);

/**
 * What the hot tier holds for one outbox entry: undefined when it no longer holds it
 * (deleted, pruned), `corrupt` when the stored bytes cannot be read.
 */
export type HotSnapshot =
  | { kind: "checkpoint"; record: HotCheckpointRecord; values: HotChannelValue[] }
  | { kind: "writes"; writes: HotWrite[] }
  | { kind: "corrupt"; error: unknown };

/**
 * A channel's value in Redis: stored (a value, or `undefined` for "empty at this version"),
 * or `"missing"` when the record names a version whose value Redis does not hold (a `put`
 * whose `newVersions` left the channel out). Missing values must not be written as empty.
 */
export type HotChannelValue = ColdValue | undefined | "missing";

/** Entries the reader understands: a checkpoint (`put`) or one task's writes (`writes`). */
export type ReadableEntry = Pick<
  RedisOutboxEntry,
  "kind" | "threadId" | "checkpointNs" | "checkpointId" | "taskId"
>;

/**
 * Reads what a list of entries of ONE thread name, in one round trip. Values the record
 * names but Redis does not hold come back `undefined`, like an empty channel.
 */
export async function readHotSnapshots(
  client: RedisClient,
  keyLayout: RedisKeyLayout,
  threadId: string,
  entries: readonly ReadableEntry[],
): Promise<(HotSnapshot | undefined)[]> {
  const args: string[] = [String(entries.length)];
  for (const entry of entries) {
    const task = entry.kind === "put" ? "" : entry.taskId;
    args.push(entry.checkpointNs, entry.checkpointId, task);
  }
  const reply = (await READ_FOR_FLUSH.run(client, keyLayout.scriptKeys(threadId), args)) as (
    | []
    | [Buffer, (Buffer | null)[]]
    | [(Buffer | null)[]]
  )[];
  return entries.map((entry, index): HotSnapshot | undefined => {
    try {
      return decodeSnapshot(entry, reply[index], threadId);
    } catch (error) {
      return { kind: "corrupt", error };
    }
  });
}

function decodeSnapshot(
  entry: ReadableEntry,
  item: unknown,
  threadId: string,
): HotSnapshot | undefined {
  {
    const location = `thread ${JSON.stringify(threadId)} checkpoint ${JSON.stringify(entry.checkpointId)}`;
    if (!Array.isArray(item) || item.length === 0) return undefined;
    if (entry.kind === "put") {
      const [recordFrame, valueFrames] = item as [Buffer, (Buffer | null)[]];
      const record = decodeHotRecord(recordFrame, location);
      const values = record.channels.map(({ channel }, channelIndex): HotChannelValue => {
        const frame = valueFrames[channelIndex];
        return Buffer.isBuffer(frame)
          ? decodeHotChannelValue(frame, `${location} channel ${JSON.stringify(channel)}`)
          : "missing";
      });
      return { kind: "checkpoint", record, values };
    }
    const [writeFrames] = item as [(Buffer | null)[]];
    const writes = writeFrames
      .filter((frame): frame is Buffer => Buffer.isBuffer(frame))
      .map((frame) => decodeHotWrite(frame, `${location} write`));
    return writes.length === 0 ? undefined : { kind: "writes", writes };
  }
}
