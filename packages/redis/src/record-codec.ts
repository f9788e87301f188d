import { type CompressionOptions, CorruptCheckpointError, encodeValue } from "@checkpointkit/core";
import type {
  Checkpoint,
  CheckpointMetadata,
  SerializerProtocol,
} from "@langchain/langgraph-checkpoint";
import {
  decodeChannelValueFrame,
  decodeRecordFrame,
  decodeWriteFrame,
  encodeChannelValueFrame,
  encodeRecordFrame,
  encodeWriteFrame,
  type RecordHead,
  type SerializedValue,
  type StoredValueParts,
  type StoredWrite,
} from "./stored-records.js";

/** A checkpoint record as stored: everything of a checkpoint except its channel values. */
export interface DecodedRecord extends RecordHead {
  checkpoint: Omit<Checkpoint, "channel_values">;
  metadata: CheckpointMetadata;
}

/** A stored frame and the serde's bytes of its value before compression (0: empty value). */
export interface SizedFrame {
  frame: Buffer;
  serdeBytes: number;
}

export interface DecodedWrite extends Omit<StoredWrite, "value"> {
  value: unknown;
}

/**
 * Turns checkpoints, metadata, channel values and writes into the frames the scripts store,
 * and back: values go through the saver's serde (type tag + bytes) and, above the
 * threshold, through compression, recorded per value. The frame layout is stored-records.ts.
 */
export class RecordCodec {
  constructor(
    private readonly serde: SerializerProtocol,
    private readonly compression: CompressionOptions | undefined,
  ) {}

  private async dumpValue(value: unknown): Promise<StoredValueParts> {
    return (await this.dumpValueSized(value)).parts;
  }

  /** The stored parts, and the serde's byte count before compression (for size accounting). */
  private async dumpValueSized(
    value: unknown,
  ): Promise<{ parts: StoredValueParts; serdeBytes: number }> {
    const [type, serialized] = await this.serde.dumpsTyped(value);
    const bytes = typeof serialized === "string" ? Buffer.from(serialized, "utf8") : serialized;
    const encoded = encodeValue(bytes, this.compression);
    return { parts: [type, encoded.encoding, encoded.bytes], serdeBytes: bytes.byteLength };
  }

  private async loadValue(serialized: SerializedValue, location: string): Promise<unknown> {
    try {
      return await this.serde.loadsTyped(serialized.type, serialized.bytes);
    } catch (error) {
      throw new CorruptCheckpointError(`value at ${location} could not be deserialized`, {
        cause: error,
        location,
      });
    }
  }

  async encodeChannelValue(present: boolean, value: unknown): Promise<SizedFrame> {
    if (!present || value === undefined) {
      return { frame: encodeChannelValueFrame(undefined), serdeBytes: 0 };
    }
    const { parts, serdeBytes } = await this.dumpValueSized(value);
    return { frame: encodeChannelValueFrame(parts), serdeBytes };
  }

  /** Undefined for an empty value. */
  async decodeChannelValue(
    frame: Buffer,
    location: string,
  ): Promise<{ value: unknown } | undefined> {
    const serialized = decodeChannelValueFrame(frame, location);
    if (serialized === undefined) return undefined;
    return { value: await this.loadValue(serialized, location) };
  }

  async encodeRecord(
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    parentCheckpointId: string | undefined,
  ): Promise<Buffer> {
    const { channel_values: _values, ...body } = checkpoint;
    const writtenAtMs = Date.parse(checkpoint.ts);
    const head: RecordHead = {
      parentCheckpointId,
      formatVersion: checkpoint.v ?? 0,
      writtenAtMs: Number.isNaN(writtenAtMs) ? Date.now() : writtenAtMs,
      channels: Object.entries(checkpoint.channel_versions ?? {}).map(([channel, version]) => ({
        channel,
        version,
      })),
    };
    return encodeRecordFrame(head, await this.dumpValue(body), await this.dumpValue(metadata));
  }

  async decodeRecord(frame: Buffer, location: string): Promise<DecodedRecord> {
    const {
      checkpoint: serializedCheckpoint,
      metadata,
      ...head
    } = decodeRecordFrame(frame, location);
    const checkpoint = (await this.loadValue(serializedCheckpoint, location)) as Omit<
      Checkpoint,
      "channel_values"
    >;
    const decodedMetadata = (await this.loadValue(metadata, location)) as CheckpointMetadata;
    if (typeof checkpoint !== "object" || checkpoint === null) {
      throw new CorruptCheckpointError(`stored record at ${location} has an unknown layout`, {
        location,
      });
    }
    return { ...head, checkpoint, metadata: decodedMetadata };
  }

  async encodeWrite(
    taskId: string,
    channel: string,
    taskPath: string,
    idx: number,
    value: unknown,
  ): Promise<SizedFrame> {
    const { parts, serdeBytes } = await this.dumpValueSized(value);
    return { frame: encodeWriteFrame({ taskId, channel, taskPath, idx }, parts), serdeBytes };
  }

  async decodeWrite(frame: Buffer, location: string): Promise<DecodedWrite> {
    const { value, ...write } = decodeWriteFrame(frame, location);
    return { ...write, value: await this.loadValue(value, location) };
  }
}
