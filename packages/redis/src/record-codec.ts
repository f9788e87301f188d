import {
  type CompressionOptions,
  CorruptCheckpointError,
  decodeValue,
  encodeValue,
  type ValueEncoding,
} from "@checkpointkit/core";
import type {
  ChannelVersions,
  Checkpoint,
  CheckpointMetadata,
  SerializerProtocol,
} from "@langchain/langgraph-checkpoint";
import { decodeFrame, encodeFrame } from "./stored-frame.js";

/** Marks an empty channel value (the channel has a version but no value at it). */
const EMPTY_VALUE_FRAME = encodeFrame(["e"]);
const RECORD_FORMAT = "cr1";
const ENCODINGS: ReadonlySet<string> = new Set(["identity", "gzip", "brotli"]);

/** A checkpoint record as stored: everything of a checkpoint except its channel values. */
export interface DecodedRecord {
  parentId: string | undefined;
  /** Checkpoint format version, kept outside the serialized body so scripts can read it. */
  formatVersion: number;
  /** `checkpoint.ts` as epoch ms (the time `prune({ olderThan })` compares). */
  writtenAtMs: number;
  /** Every channel of `channel_versions`, with the version token its value is stored under. */
  channels: [channel: string, versionToken: string][];
  checkpoint: Omit<Checkpoint, "channel_values">;
  metadata: CheckpointMetadata;
}

export interface DecodedWrite {
  taskId: string;
  channel: string;
  taskPath: string;
  idx: number;
  value: unknown;
}

/** Version 1 and "1" must not share a stored value, so the token records the type. */
export function versionToken(version: ChannelVersions[string]): string {
  return typeof version === "number" ? `n${version}` : `s${version}`;
}

/**
 * Turns checkpoints, metadata, channel values and writes into the frames the scripts store,
 * and back: values go through the saver's serde (type tag + bytes) and, above the
 * threshold, through compression, recorded per value.
 */
export class RecordCodec {
  constructor(
    private readonly serde: SerializerProtocol,
    private readonly compression: CompressionOptions | undefined,
  ) {}

  /** `[type, encoding, bytes]` of one value. */
  private async dumpValue(value: unknown): Promise<[string, ValueEncoding, Uint8Array]> {
    const [type, serialized] = await this.serde.dumpsTyped(value);
    const bytes = typeof serialized === "string" ? Buffer.from(serialized, "utf8") : serialized;
    const encoded = encodeValue(bytes, this.compression);
    return [type, encoded.encoding, encoded.bytes];
  }

  private async loadValue(
    type: Buffer,
    encoding: Buffer,
    bytes: Buffer,
    location: string,
  ): Promise<unknown> {
    const encodingName = encoding.toString("latin1");
    if (!ENCODINGS.has(encodingName)) {
      throw new CorruptCheckpointError(`unknown value encoding at ${location}`, { location });
    }
    const decoded = decodeValue({ encoding: encodingName as ValueEncoding, bytes });
    try {
      // A copy, so callers never hold a view into the reply buffer.
      return await this.serde.loadsTyped(type.toString("utf8"), new Uint8Array(decoded));
    } catch (error) {
      throw new CorruptCheckpointError(`value at ${location} could not be deserialized`, {
        cause: error,
        location,
      });
    }
  }

  async encodeChannelValue(present: boolean, value: unknown): Promise<Buffer> {
    if (!present || value === undefined) return EMPTY_VALUE_FRAME;
    return encodeFrame(["v", ...(await this.dumpValue(value))]);
  }

  /** Undefined for an empty value. */
  async decodeChannelValue(
    frame: Buffer,
    location: string,
  ): Promise<{ value: unknown } | undefined> {
    const parts = decodeFrame(frame, location);
    const kind = parts[0]?.toString("latin1");
    if (kind === "e" && parts.length === 1) return undefined;
    if (kind !== "v" || parts.length !== 4) throw corrupt(location);
    return { value: await this.loadValue(parts[1]!, parts[2]!, parts[3]!, location) };
  }

  async encodeRecord(
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    parentId: string | undefined,
  ): Promise<Buffer> {
    const { channel_values: _values, ...body } = checkpoint;
    const channels = Object.entries(checkpoint.channel_versions ?? {}).flatMap(
      ([channel, version]) => [channel, versionToken(version)],
    );
    const writtenAtMs = Date.parse(checkpoint.ts);
    return encodeFrame([
      RECORD_FORMAT,
      parentId ?? "",
      parentId === undefined ? "0" : "1",
      String(checkpoint.v ?? 0),
      String(Number.isNaN(writtenAtMs) ? Date.now() : writtenAtMs),
      String(channels.length / 2),
      ...channels,
      ...(await this.dumpValue(body)),
      ...(await this.dumpValue(metadata)),
    ]);
  }

  async decodeRecord(frame: Buffer, location: string): Promise<DecodedRecord> {
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
    const channels: [string, string][] = [];
    for (let index = 0; index < channelCount; index++) {
      channels.push([text(6 + index * 2), text(7 + index * 2)]);
    }
    const at = 6 + channelCount * 2;
    const checkpoint = (await this.loadValue(
      parts[at]!,
      parts[at + 1]!,
      parts[at + 2]!,
      location,
    )) as Omit<Checkpoint, "channel_values">;
    const metadata = (await this.loadValue(
      parts[at + 3]!,
      parts[at + 4]!,
      parts[at + 5]!,
      location,
    )) as CheckpointMetadata;
    if (typeof checkpoint !== "object" || checkpoint === null) throw corrupt(location);
    return {
      parentId: text(2) === "1" ? text(1) : undefined,
      formatVersion: Number(text(3)),
      writtenAtMs: Number(text(4)),
      channels,
      checkpoint,
      metadata,
    };
  }

  async encodeWrite(
    taskId: string,
    channel: string,
    taskPath: string,
    idx: number,
    value: unknown,
  ): Promise<Buffer> {
    return encodeFrame([taskId, channel, taskPath, String(idx), ...(await this.dumpValue(value))]);
  }

  async decodeWrite(frame: Buffer, location: string): Promise<DecodedWrite> {
    const parts = decodeFrame(frame, location);
    const idx = Number(parts[3]?.toString("latin1"));
    if (parts.length !== 7 || !Number.isInteger(idx)) throw corrupt(location);
    return {
      taskId: parts[0]!.toString("utf8"),
      channel: parts[1]!.toString("utf8"),
      taskPath: parts[2]!.toString("utf8"),
      idx,
      value: await this.loadValue(parts[4]!, parts[5]!, parts[6]!, location),
    };
  }
}

function corrupt(location: string): CorruptCheckpointError {
  return new CorruptCheckpointError(`stored record at ${location} has an unknown layout`, {
    location,
  });
}
