import type { ColdBatch, ColdCheckpointRecord, ColdTier } from "./cold-tier.js";
import { failureHandling } from "./flush-errors.js";
import type { PoisonEntry } from "./flush-pipeline.js";
import type { PendingRecord } from "./flush-records.js";
import type { ShippedHeads } from "./shipped-heads.js";

/** What writing a flush's records gave. */
export interface RecordsWritten {
  stored: PendingRecord[];
  poison: PoisonEntry[];
}

/**
 * Writes records to the cold tier in order, in batches of at most `maxBatchBytes` of values
 * (a record bigger than that goes alone). A batch the cold tier refuses for anything but an
 * outage is split in halves, down to single records: a record that fails alone is poison,
 * the others are stored. An outage (a `retry` failure) throws: nothing is acknowledged and
 * the caller retries; batches already committed are rewritten harmlessly (writes are
 * idempotent).
 */
export async function writeRecords(
  cold: ColdTier,
  records: readonly PendingRecord[],
  options: { maxBatchBytes: number; shippedHeads: ShippedHeads },
): Promise<RecordsWritten> {
  const outcome: RecordsWritten = { stored: [], poison: [] };
  const stored = new Set<PendingRecord>();

  const heads = options.shippedHeads;
  // A parent is relied on only when its commit is known: in the same batch (one commit), in
  // an earlier batch of this flush, or remembered by `heads`, and not possibly expired since.
  const isCommitted = (parent: PendingRecord | "shipped", child: PendingRecord): boolean => {
    if (parent === "shipped") {
      const { threadId, checkpointNs } = child.entry;
      const parentId = child.checkpoint?.full.parentCheckpointId;
      return heads.parentVersions(threadId, checkpointNs, parentId) !== undefined;
    }
    return stored.has(parent) && heads.isRetained(createdAtMs(parent));
  };

  const write = async (batch: readonly PendingRecord[]): Promise<void> => {
    const members = new Set(batch);
    try {
      await cold.writeBatch(
        coldBatch(
          batch,
          (parent, child) => members.has(parent as PendingRecord) || isCommitted(parent, child),
        ),
      );
    } catch (error) {
      if (failureHandling(error) === "retry") throw error;
      // What these threads' later records would rely on may be what failed: they ship whole.
      for (const record of batch) heads.forgetThread(record.entry.threadId);
      if (batch.length === 1) {
        outcome.poison.push({ entry: batch[0]!.entry, error });
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await write(batch.slice(0, half));
      await write(batch.slice(half));
      return;
    }
    for (const record of batch) {
      stored.add(record);
      outcome.stored.push(record);
      const checkpoint = record.checkpoint;
      if (checkpoint === undefined) continue;
      heads.remember(record.entry.threadId, record.entry.checkpointNs, {
        checkpointId: record.entry.checkpointId,
        versions: checkpoint.versions,
        createdAtMs: createdAtMs(record),
      });
    }
  };

  for (const batch of byteBoundedBatches(records, options.maxBatchBytes)) await write(batch);
  return outcome;
}

/** Consecutive records, each batch's values adding up to at most `maxBatchBytes` when it can. */
function byteBoundedBatches(
  records: readonly PendingRecord[],
  maxBatchBytes: number,
): PendingRecord[][] {
  const batches: PendingRecord[][] = [];
  let current: PendingRecord[] = [];
  let currentBytes = 0;
  for (const record of records) {
    const bytes = recordBytes(record);
    if (current.length > 0 && currentBytes + bytes > maxBatchBytes) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(record);
    currentBytes += bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The bytes a record ships when what it relies on is stored. */
function recordBytes(record: PendingRecord): number {
  if (record.writes !== undefined) {
    return record.writes.writes.reduce((sum, write) => sum + write.value.bytes.byteLength, 0);
  }
  const checkpoint = record.checkpoint!;
  return (
    checkpoint.full.checkpoint.bytes.byteLength +
    checkpoint.full.metadata.bytes.byteLength +
    checkpoint.newValues.reduce((sum, value) => sum + (value.value?.bytes.byteLength ?? 0), 0)
  );
}

function createdAtMs(record: PendingRecord): number {
  return record.checkpoint?.full.createdAt?.getTime() ?? Date.now();
}

/**
 * The cold batch of some records. A checkpoint ships only its new values when what they rely
 * on is in the cold tier (or commits in the same batch); else all of them, self-contained.
 */
function coldBatch(
  records: readonly PendingRecord[],
  isCommitted: (parent: PendingRecord | "shipped", child: PendingRecord) => boolean,
): ColdBatch {
  const checkpoints: ColdCheckpointRecord[] = [];
  const batch: ColdBatch = { checkpoints, writes: [] };
  for (const record of records) {
    if (record.writes !== undefined) batch.writes.push(record.writes);
    const checkpoint = record.checkpoint;
    if (checkpoint === undefined) continue;
    const { reliesOn } = checkpoint;
    const newOnly = reliesOn !== undefined && isCommitted(reliesOn, record);
    checkpoints.push(
      newOnly ? { ...checkpoint.full, channelValues: checkpoint.newValues } : checkpoint.full,
    );
  }
  return batch;
}
