import {
  encodeStoredSize,
  isUpsertWrite,
  measureCheckpointRecord,
  type StoredCheckpointSize,
  storedSizeOf,
} from "@checkpointkit/core";
import { serializedWriteIndex } from "@checkpointkit/core/internal";
import type { Checkpoint, CheckpointMetadata } from "@langchain/langgraph-checkpoint";
import { metadataProjectionJson } from "./metadata-projection.js";
import type { SerializedCheckpointRecord, SerializedWritesRecord } from "./serialized-records.js";
import type { BlobRow, CheckpointRow, WriteRow } from "./sql/write-rows.js";
import { toStoredText, toStoredTextOrNull } from "./stored-text.js";
import { nodeNameFromTaskPath } from "./task-node.js";

/** The blob key of a channel version: versions may be numbers or strings. */
export function storedVersion(version: number | string): string {
  return toStoredText(String(version));
}

/** `channel_versions` as the JSONB the SQL joins blobs through. */
export function channelVersionsJson(channelVersions: Record<string, number | string>): string {
  const projected: Record<string, string> = {};
  for (const [channel, version] of Object.entries(channelVersions)) {
    projected[toStoredText(channel)] = storedVersion(version);
  }
  return JSON.stringify(projected);
}

/**
 * The rows of one checkpoint record. `checkpoint` and `metadata` are the record's values
 * decoded (or the live objects `put` serialized them from): SQL needs the format version,
 * the channel versions and the metadata projection. `size` is the record's stored size
 * (PostgreSQL stores the serde's bytes as they are, so it is measured from the record),
 * passed in when the caller measured it already.
 */
export function checkpointRecordRows(
  record: SerializedCheckpointRecord,
  checkpoint: Pick<Checkpoint, "v" | "channel_versions">,
  metadata: CheckpointMetadata,
  size: StoredCheckpointSize = storedSizeOf(measureCheckpointRecord(record)),
): { checkpoint: CheckpointRow; blobs: BlobRow[] } {
  const threadId = toStoredText(record.threadId);
  const checkpointNs = toStoredText(record.checkpointNs);
  return {
    checkpoint: {
      threadId,
      checkpointNs,
      checkpointId: toStoredText(record.checkpointId),
      parentCheckpointId: toStoredTextOrNull(record.parentCheckpointId),
      formatVersion: Number.isInteger(checkpoint.v) ? checkpoint.v : 0,
      checkpointType: record.checkpoint.type,
      checkpointBytes: record.checkpoint.bytes,
      channelVersionsJson: channelVersionsJson(checkpoint.channel_versions ?? {}),
      metadataType: record.metadata.type,
      metadataBytes: record.metadata.bytes,
      metadataJson: metadataProjectionJson(metadata),
      createdAt: record.createdAt ?? null,
      storedSize: encodeStoredSize(size),
      storedBytes: size.storedBytes,
    },
    blobs: record.channelValues.map((channelValue) => ({
      threadId,
      checkpointNs,
      channel: toStoredText(channelValue.channel),
      version: storedVersion(channelValue.version),
      type: channelValue.value?.type ?? "empty",
      bytes: channelValue.value?.bytes ?? null,
    })),
  };
}

/** The rows of one `putWrites` record, special writes deduplicated (the last one wins). */
export function writesRecordRows(record: SerializedWritesRecord): WriteRow[] {
  const node = toStoredTextOrNull(nodeNameFromTaskPath(record.taskPath));
  const rowsByIdx = new Map<number, WriteRow>();
  record.writes.forEach((write, position) => {
    const idx = serializedWriteIndex(write, position, `writes[${position}]`);
    rowsByIdx.set(idx, {
      threadId: toStoredText(record.threadId),
      checkpointNs: toStoredText(record.checkpointNs),
      checkpointId: toStoredText(record.checkpointId),
      taskId: toStoredText(record.taskId),
      idx,
      taskPath: toStoredText(record.taskPath),
      node,
      channel: toStoredText(write.channel),
      type: write.value.type,
      bytes: write.value.bytes,
      upsert: isUpsertWrite(write.channel),
      createdAt: record.createdAt ?? null,
    });
  });
  return [...rowsByIdx.values()];
}
