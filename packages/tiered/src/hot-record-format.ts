/**
 * ADAPTER — reads the record format of `@checkpointkit/redis` (its `stored-frame.ts` and
 * `record-codec.ts`), which that package does not export. The flusher needs a checkpoint's
 * serialized bytes and each write's task path and index, which `RedisSaver.getTuple` does
 * not return (a `CheckpointTuple` has neither), and re-serializing decoded values would
 * cost the flush path most of its throughput. Replace with an export of the Redis package
 * (e.g. `readSerializedRecords`) when it has one; `test/hot-record-format.test.ts` fails
 * the moment the two drift apart.
 */
import { CorruptCheckpointError, decodeValue, type ValueEncoding } from "@checkpointkit/core";
import type { ColdValue } from "./cold-tier.js";

const RECORD_FORMAT = "cr1";
const ENCODINGS: ReadonlySet<string> = new Set(["identity", "gzip", "brotli"]);

/** A frame is a sequence of `<decimal byte length>:<bytes>` parts. */
export function decodeFrame(frame: Buffer, location: string): Buffer[] {
  const parts: Buffer[] = [];
  let position = 0;
  while (position < frame.byteLength) {
    const colon = frame.indexOf(0x3a, position);
    const length = colon < 0 ? Number.NaN : Number(frame.toString("latin1", position, colon));
    const end = colon + 1 + length;
    if (!Number.isInteger(length) || length < 0 || end > frame.byteLength) {
      throw corrupt(location);
    }
    parts.push(frame.subarray(colon + 1, end));
    position = end;
  }
  return parts;
}

/** A checkpoint record of the hot tier, its values still serialized. */
export interface HotCheckpointRecord {
  parentCheckpointId: string | undefined;
  /** (channel, version) of every channel of `channel_versions`, in record order. */
  channels: { channel: string; version: number | string }[];
  checkpoint: ColdValue;
  metadata: ColdValue;
}

export interface HotWrite {
  taskId: string;
  channel: string;
  taskPath: string;
  idx: number;
  value: ColdValue;
}

/** `n5` is the number 5, `s5` the string "5" (the Redis saver keeps both apart). */
export function versionFromToken(token: string): number | string {
  if (token.startsWith("n")) return Number(token.slice(1));
  if (token.startsWith("s")) return token.slice(1);
  throw new RangeError(`unknown version token ${JSON.stringify(token)}`);
}

function storedValue(type: Buffer, encoding: Buffer, bytes: Buffer, location: string): ColdValue {
  const encodingName = encoding.toString("latin1");
  if (!ENCODINGS.has(encodingName)) throw corrupt(location);
  const decoded = decodeValue({ encoding: encodingName as ValueEncoding, bytes });
  return { type: type.toString("utf8"), bytes: new Uint8Array(decoded) };
}

export function decodeHotRecord(frame: Buffer, location: string): HotCheckpointRecord {
  const parts = decodeFrame(frame, location);
  const text = (index: number) => parts[index]?.toString("utf8") ?? "";
  const channelCount = Number(text(5));
  if (
    text(0) !== RECORD_FORMAT ||
    !Number.isInteger(channelCount) ||
    parts.length !== 6 + channelCount * 2 + 6
  ) {
    throw corrupt(location);
  }
  const channels: HotCheckpointRecord["channels"] = [];
  for (let index = 0; index < channelCount; index++) {
    channels.push({
      channel: text(6 + index * 2),
      version: versionFromToken(text(7 + index * 2)),
    });
  }
  const at = 6 + channelCount * 2;
  return {
    parentCheckpointId: text(2) === "1" ? text(1) : undefined,
    channels,
    checkpoint: storedValue(parts[at]!, parts[at + 1]!, parts[at + 2]!, location),
    metadata: storedValue(parts[at + 3]!, parts[at + 4]!, parts[at + 5]!, location),
  };
}

/** Undefined for an empty channel (a version without a value). */
export function decodeHotChannelValue(frame: Buffer, location: string): ColdValue | undefined {
  const parts = decodeFrame(frame, location);
  const kind = parts[0]?.toString("latin1");
  if (kind === "e" && parts.length === 1) return undefined;
  if (kind !== "v" || parts.length !== 4) throw corrupt(location);
  return storedValue(parts[1]!, parts[2]!, parts[3]!, location);
}

export function decodeHotWrite(frame: Buffer, location: string): HotWrite {
  const parts = decodeFrame(frame, location);
  const idx = Number(parts[3]?.toString("latin1"));
  if (parts.length !== 7 || !Number.isInteger(idx)) throw corrupt(location);
  return {
    taskId: parts[0]!.toString("utf8"),
    channel: parts[1]!.toString("utf8"),
    taskPath: parts[2]!.toString("utf8"),
    idx,
    value: storedValue(parts[4]!, parts[5]!, parts[6]!, location),
  };
}

function corrupt(location: string): CorruptCheckpointError {
  return new CorruptCheckpointError(`hot record at ${location} has an unknown layout`, {
    location,
  });
}
