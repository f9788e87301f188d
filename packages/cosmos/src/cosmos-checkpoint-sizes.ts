import type { Container, PartitionKey } from "@azure/cosmos";
import { decodeStoredSize, type StoredCheckpointSize } from "@checkpointkit/core";
import { type CheckpointItem, checkpointItemId } from "./cosmos-items.js";
import { recentSizeRecordsQuery } from "./cosmos-queries.js";
import { queryAll, type RequestMeter, readItem } from "./cosmos-requests.js";

/** Where a thread's checkpoints are read from. */
export interface SizeRecordSource {
  container: Container;
  partitionKey: PartitionKey;
  threadId: string;
  meter: RequestMeter;
}

type SizedCheckpoint = Pick<CheckpointItem, "checkpoint_ns" | "checkpoint_id" | "stored_size">;

function decoded(source: SizeRecordSource, item: SizedCheckpoint): StoredCheckpointSize {
  return decodeStoredSize(item.stored_size as string, {
    threadId: source.threadId,
    checkpointNs: item.checkpoint_ns,
    checkpointId: item.checkpoint_id,
  });
}

/**
 * The size record of one checkpoint: one point read of its item. `undefined` when there is
 * no such checkpoint or it was written before sizes were recorded.
 */
export async function readCheckpointSize(
  source: SizeRecordSource,
  checkpointNs: string,
  checkpointId: string,
): Promise<StoredCheckpointSize | undefined> {
  const item = await readItem<CheckpointItem>(
    source.container,
    checkpointItemId(checkpointNs, checkpointId),
    source.partitionKey,
    source.meter,
  );
  if (item === undefined || item.kind !== "checkpoint" || item.stored_size === undefined) {
    return undefined;
  }
  return decoded(source, item);
}

/**
 * The records of the thread's newest `lastN` checkpoints (every namespace), newest first, from
 * one single-partition query that reads no payload; `undefined` when one of them has no
 * record (written before sizes were recorded).
 */
export async function readRecentSizes(
  source: SizeRecordSource,
  lastN: number,
): Promise<StoredCheckpointSize[] | undefined> {
  const items = await queryAll<SizedCheckpoint>(
    source.container,
    recentSizeRecordsQuery(lastN),
    source.partitionKey,
    source.meter,
  );
  if (items.some((item) => typeof item.stored_size !== "string")) return undefined;
  return items.map((item) => decoded(source, item));
}
