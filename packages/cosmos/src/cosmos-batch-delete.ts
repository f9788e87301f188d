import type { Container, OperationInput, PartitionKey } from "@azure/cosmos";
import { CheckpointConflictError } from "@checkpointkit/core";
import { packUnits } from "./cosmos-batch-packing.js";
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
): Promise<string[]> {
  let pending = [...ids];
  for (let round = 0; round < MAX_DELETE_ROUNDS && pending.length > 0; round += 1) {
    const operations: OperationInput[] = pending.map((id) => ({ operationType: "Delete", id }));
    const outcome = await executeBatch(container, partitionKey, operations, meter);
    if (outcome.applied) return pending;
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
 * Deletes units of items of one partition (an item with its chunks, say) in transactional
 * batches of up to 100, in order, each unit within one batch when it fits. Returns the ids
 * that were deleted by this call (not those already gone).
 */
export async function deleteItemUnits(
  container: Container,
  partitionKey: PartitionKey,
  units: readonly (readonly string[])[],
  meter: RequestMeter,
): Promise<Set<string>> {
  const deleted = new Set<string>();
  for (const batch of packUnits(units)) {
    for (const id of await deleteBatch(container, partitionKey, batch, meter)) deleted.add(id);
  }
  return deleted;
}
