import type { Container, OperationInput, PartitionKey } from "@azure/cosmos";
import { CheckpointConflictError } from "@checkpointkit/core";
import { MAX_BATCH_OPERATIONS, packUnits } from "./cosmos-batch-packing.js";
import { existingIdsQuery } from "./cosmos-queries.js";
import { executeBatch, queryAll, type RequestMeter } from "./cosmos-requests.js";

/** Rounds of one batch that keeps finding items gone (TTL, a concurrent prune) before giving up. */
const MAX_DELETE_ROUNDS = 5;

/**
 * One transactional batch of deletes. A 404 aborts the whole batch, so when an item is already
 * gone (expired, or deleted by a concurrent prune) the ids that still exist are looked up (one
 * query) and the batch is resent with those: deleting is idempotent, a retried prune finds
 * nothing to trip over. Returns the ids this batch deleted.
 */
async function deleteBatch(
  container: Container,
  partitionKey: PartitionKey,
  ids: readonly string[],
  meter: RequestMeter,
  alongside: AlongsideDeletes | undefined,
): Promise<string[]> {
  let pending = [...ids];
  let extra = alongside;
  for (let round = 0; round < MAX_DELETE_ROUNDS && pending.length > 0; round += 1) {
    const operations: OperationInput[] = pending.map((id) => ({ operationType: "Delete", id }));
    const trailing = extra?.(pending);
    if (trailing !== undefined) operations.push(trailing);
    const outcome = await executeBatch(container, partitionKey, operations, meter);
    if (outcome.applied) return pending;
    if (trailing !== undefined && outcome.failedIndex === pending.length) {
      // The item the extra operation patches is not there (a thread from before it existed).
      if (outcome.failedStatus !== 404) break;
      extra = undefined;
      continue;
    }
    if (outcome.failedStatus !== 404) break;
    const existing = await queryAll<{ id: string }>(
      container,
      existingIdsQuery(pending),
      partitionKey,
      meter,
    );
    const existingIds = new Set(existing.map((item) => item.id));
    pending = pending.filter((id) => existingIds.has(id));
  }
  if (pending.length === 0) return [];
  throw new CheckpointConflictError(
    "items could not be deleted: their batch kept failing while concurrent writers changed the thread",
  );
}

/**
 * An operation that goes in each delete batch after its deletes, given the ids that batch
 * deletes (undefined: none); dropped when the item it patches does not exist.
 */
export type AlongsideDeletes = (deletedIds: readonly string[]) => OperationInput | undefined;

/**
 * Deletes units of items of one partition (an item with its chunks, say) in transactional
 * batches of up to 100, in order, each unit within one batch when it fits. Returns the ids
 * that were deleted by this call (not those already gone).
 */
export async function deleteItemUnits(
  container: Container,
  partitionKey: PartitionKey,
  units: readonly (readonly string[])[],
  meter: RequestMeter,
  alongside?: AlongsideDeletes,
): Promise<Set<string>> {
  const deleted = new Set<string>();
  const capacity = MAX_BATCH_OPERATIONS - (alongside === undefined ? 0 : 1);
  for (const batch of packUnits(units, capacity)) {
    for (const id of await deleteBatch(container, partitionKey, batch, meter, alongside)) {
      deleted.add(id);
    }
  }
  return deleted;
}
