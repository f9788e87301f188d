import type {
  Checkpoint,
  CheckpointMetadata,
  SerializerProtocol,
} from "@langchain/langgraph-checkpoint";
import { checkpointRecordRows, writesRecordRows } from "./record-rows.js";
import type { PutManyInput } from "./serialized-records.js";
import type { BlobRow, CheckpointRow, WriteRow } from "./sql/write-rows.js";
import type { WriteBatch } from "./sql/write-statements.js";
import { loadStoredValue } from "./tuple-decoding.js";

/**
 * Turns `putMany` input into rows. Checkpoint and metadata bytes are decoded (they are
 * small: channel values are not in them) because SQL needs the format version, the channel
 * versions and the metadata projection. Rows with the same key are merged the way separate
 * calls would leave them: the last checkpoint and the last special write win, the first
 * regular write wins.
 */
export async function buildPutManyBatch(
  serde: SerializerProtocol,
  input: PutManyInput,
): Promise<WriteBatch> {
  const checkpoints = new Map<string, CheckpointRow>();
  const blobs: BlobRow[] = [];
  for (const record of input.checkpoints ?? []) {
    const location = `putMany checkpoint ${JSON.stringify(record.checkpointId)}`;
    const [checkpoint, metadata] = await Promise.all([
      loadStoredValue(serde, record.checkpoint.type, record.checkpoint.bytes, location),
      loadStoredValue(serde, record.metadata.type, record.metadata.bytes, `${location} metadata`),
    ]);
    const rows = checkpointRecordRows(
      record,
      checkpoint as Pick<Checkpoint, "v" | "channel_versions">,
      metadata as CheckpointMetadata,
    );
    checkpoints.set(
      JSON.stringify([
        rows.checkpoint.threadId,
        rows.checkpoint.checkpointNs,
        rows.checkpoint.checkpointId,
      ]),
      rows.checkpoint,
    );
    blobs.push(...rows.blobs);
  }
  const writes = new Map<string, WriteRow>();
  for (const record of input.writes ?? []) {
    for (const row of writesRecordRows(record)) {
      const key = JSON.stringify([
        row.threadId,
        row.checkpointNs,
        row.checkpointId,
        row.taskId,
        row.idx,
      ]);
      if (row.upsert || !writes.has(key)) writes.set(key, row);
    }
  }
  return { blobs, checkpoints: [...checkpoints.values()], writes: [...writes.values()] };
}
