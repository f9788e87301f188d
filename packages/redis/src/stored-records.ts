import {
  CorruptCheckpointError,
  decodeValue,
  type SerializedValue,
  type SerializedWrite,
  type ValueEncoding,
} from "@checkpointkit/core";
import type { ChannelVersions } from "@langchain/langgraph-checkpoint";
import { decodeFrame, encodeFrame } from "./stored-frame.js";
import { versionFromToken, versionToken } from "./version-token.js";

/*
 * The layout of the three frames the saver stores: a checkpoint record, a channel value and
 * a pending write. Values stay serialized here (no serde): `RecordCodec` adds the serde for
 * the saver, and `readSerializedRecords` hands the serialized parts to consumers that copy
 * records elsewhere without deserializing them (the tiered flusher). The Lua scripts read
 * the record head (see `record_head` in scripts/lua-library.ts).
 */

const RECORD_FORMAT = "cr1";
const ENCODINGS: ReadonlySet<string> = new Set(["identity", "gzip", "brotli"]);
/** Marks an empty channel value (the channel has a version but no value at it). */
const EMPTY_VALUE_FRAME = encodeFrame(["e"]);

/** A value as the serde wrote it (`serde.dumpsTyped(value)`), decompressed. */
export type { SerializedValue };

/** A value as it is stored: the serde's type tag, the compression used, the stored bytes. */
export type StoredValueParts = [type: string, encoding: ValueEncoding, bytes: Uint8Array];

/** What a checkpoint record holds besides the checkpoint and its metadata. */
export interface RecordHead {
  parentCheckpointId: string | undefined;
  /** Checkpoint format version (`checkpoint.v`), kept outside the body so scripts can read it. */
  formatVersion: number;
  /** `checkpoint.ts` as epoch ms (the time `prune({ olderThan })` compares). */
  writtenAtMs: number;
  /**
   * Every channel of `channel_versions` with its version, in record order: the channel
   * values are stored under these versions.
   */
  channels: { channel: string; version: ChannelVersions[string] }[];
}

/** A stored checkpoint record, its checkpoint (without `channel_values`) and metadata serialized. */
export interface StoredCheckpointRecord extends RecordHead {
  checkpoint: SerializedValue;
  metadata: SerializedValue;
}

/** A stored pending write, its value serialized, with the task and index it is stored under. */
export interface StoredWrite extends SerializedWrite {
  taskId: string;
  taskPath: string;
  /** The index it is stored under (see core's `storedWriteIndex`). */
  idx: number;
}

export function encodeRecordFrame(
  head: RecordHead,
  checkpoint: StoredValueParts,
  metadata: StoredValueParts,
): Buffer {
  const { parentCheckpointId } = head;
  return encodeFrame([
    RECORD_FORMAT,
    parentCheckpointId ?? "",
    parentCheckpointId === undefined ? "0" : "1",
    String(head.formatVersion),
    String(head.writtenAtMs),
    String(head.channels.length),
    ...head.channels.flatMap(({ channel, version }) => [channel, versionToken(version)]),
    ...checkpoint,
    ...metadata,
  ]);
}

export function decodeRecordFrame(frame: Buffer, location: string): StoredCheckpointRecord {
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
  const channels: RecordHead["channels"] = [];
  for (let index = 0; index < channelCount; index++) {
    const version = versionFromToken(text(7 + index * 2));
    if (version === undefined) throw corrupt(location);
    channels.push({ channel: text(6 + index * 2), version });
  }
  const at = 6 + channelCount * 2;
  return {
    parentCheckpointId: text(2) === "1" ? text(1) : undefined,
    formatVersion: Number(text(3)),
    writtenAtMs: Number(text(4)),
    channels,
    checkpoint: serializedValue(parts[at]!, parts[at + 1]!, parts[at + 2]!, location),
    metadata: serializedValue(parts[at + 3]!, parts[at + 4]!, parts[at + 5]!, location),
  };
}

/** `undefined` stores the channel as empty at its version. */
export function encodeChannelValueFrame(value: StoredValueParts | undefined): Buffer {
  return value === undefined ? EMPTY_VALUE_FRAME : encodeFrame(["v", ...value]);
}

/** Undefined for an empty channel value. */
export function decodeChannelValueFrame(
  frame: Buffer,
  location: string,
): SerializedValue | undefined {
  const parts = decodeFrame(frame, location);
  const kind = parts[0]?.toString("latin1");
  if (kind === "e" && parts.length === 1) return undefined;
  if (kind !== "v" || parts.length !== 4) throw corrupt(location);
  return serializedValue(parts[1]!, parts[2]!, parts[3]!, location);
}

export function encodeWriteFrame(
  write: Omit<StoredWrite, "value">,
  value: StoredValueParts,
): Buffer {
  return encodeFrame([write.taskId, write.channel, write.taskPath, String(write.idx), ...value]);
}

export function decodeWriteFrame(frame: Buffer, location: string): StoredWrite {
  const parts = decodeFrame(frame, location);
  const idx = Number(parts[3]?.toString("latin1"));
  if (parts.length !== 7 || !Number.isInteger(idx)) throw corrupt(location);
  return {
    taskId: parts[0]!.toString("utf8"),
    channel: parts[1]!.toString("utf8"),
    taskPath: parts[2]!.toString("utf8"),
    idx,
    value: serializedValue(parts[4]!, parts[5]!, parts[6]!, location),
  };
}

function serializedValue(
  type: Buffer,
  encoding: Buffer,
  bytes: Buffer,
  location: string,
): SerializedValue {
  const encodingName = encoding.toString("latin1");
  if (!ENCODINGS.has(encodingName)) {
    throw new CorruptCheckpointError(`unknown value encoding at ${location}`, { location });
  }
  const decoded = decodeValue({ encoding: encodingName as ValueEncoding, bytes });
  // A copy, so callers never hold a view into the reply buffer.
  return { type: type.toString("utf8"), bytes: new Uint8Array(decoded) };
}

function corrupt(location: string): CorruptCheckpointError {
  return new CorruptCheckpointError(`stored record at ${location} has an unknown layout`, {
    location,
  });
}
