import { CorruptCheckpointError, sortStoredWrites } from "@checkpointkit/core";
import {
  type ChannelVersions,
  type CheckpointPendingWrite,
  type CheckpointTuple,
  maxChannelVersion,
  TASKS,
} from "@langchain/langgraph-checkpoint";
import type { DecodedWrite, RecordCodec } from "./record-codec.js";

/** One item of the read script's reply: `[]`, or id, record, values, writes, parent writes. */
export type ReadReplyItem =
  | []
  | [Buffer, Buffer, (Buffer | null)[], (Buffer | null)[], (Buffer | null)[]];

/**
 * Builds a `CheckpointTuple` from what the read script returned for one checkpoint:
 * channel values rebuilt from the record's channel versions, pending writes in
 * `writesSortKey` order, and for format versions below 4 the pending-sends migration
 * (the parent's `TASKS` writes become the `TASKS` channel value).
 */
export async function decodeTuple(
  codec: RecordCodec,
  nextVersion: (current: ChannelVersions[string] | undefined) => ChannelVersions[string],
  threadId: string,
  checkpointNs: string,
  item: unknown,
  location: string,
): Promise<CheckpointTuple | undefined> {
  if (!Array.isArray(item) || item.length === 0) return undefined;
  const [idBytes, recordBytes, values, writes, parentWrites] = item as Exclude<ReadReplyItem, []>;
  if (!Buffer.isBuffer(idBytes) || !Buffer.isBuffer(recordBytes) || !Array.isArray(values)) {
    throw new CorruptCheckpointError(`unexpected reply shape for ${location}`, { location });
  }
  const checkpointId = idBytes.toString("utf8");
  const at = `${location} checkpoint ${JSON.stringify(checkpointId)}`;
  const record = await codec.decodeRecord(recordBytes, at);
  const channelValues: Record<string, unknown> = {};
  for (const [index, { channel }] of record.channels.entries()) {
    const frame = values[index];
    // A value the record names but Redis no longer holds (never stored, or evicted) is left
    // out, as the SQL savers do for a missing blob row.
    if (!Buffer.isBuffer(frame)) continue;
    const decoded = await codec.decodeChannelValue(frame, `${at} channel ${channel}`);
    if (decoded !== undefined) channelValues[channel] = decoded.value;
  }
  const checkpoint = { ...record.checkpoint, channel_values: channelValues };
  if (record.formatVersion < 4 && record.parentCheckpointId !== undefined) {
    const sends = (await decodeWrites(codec, parentWrites, at)).filter(
      (write) => write.channel === TASKS,
    );
    checkpoint.channel_values[TASKS] = sends.map((write) => write.value);
    const versions = Object.values(checkpoint.channel_versions ?? {});
    checkpoint.channel_versions = {
      ...checkpoint.channel_versions,
      [TASKS]: versions.length > 0 ? maxChannelVersion(...versions) : nextVersion(undefined),
    };
  }
  const pendingWrites: CheckpointPendingWrite[] = (await decodeWrites(codec, writes, at)).map(
    (write) => [write.taskId, write.channel, write.value],
  );
  const tuple: CheckpointTuple = {
    config: {
      configurable: {
        thread_id: threadId,
        checkpoint_ns: checkpointNs,
        checkpoint_id: checkpointId,
      },
    },
    checkpoint,
    metadata: record.metadata,
    pendingWrites,
  };
  if (record.parentCheckpointId !== undefined) {
    tuple.parentConfig = {
      configurable: {
        thread_id: threadId,
        checkpoint_ns: checkpointNs,
        checkpoint_id: record.parentCheckpointId,
      },
    };
  }
  return tuple;
}

/** Decodes write frames and returns them in `writesSortKey` order. */
export async function decodeWrites(
  codec: RecordCodec,
  frames: readonly (Buffer | null)[] | undefined,
  location: string,
): Promise<DecodedWrite[]> {
  const decoded: DecodedWrite[] = [];
  for (const frame of frames ?? []) {
    if (!Buffer.isBuffer(frame)) {
      throw new CorruptCheckpointError(`a pending write listed at ${location} is missing`, {
        location,
      });
    }
    decoded.push(await codec.decodeWrite(frame, `${location} write`));
  }
  return sortStoredWrites(decoded);
}
