import type { Container, OperationInput, PartitionKey } from "@azure/cosmos";
import { CheckpointConflictError } from "@checkpointkit/core";
import { existingIdsQuery } from "./cosmos-queries.js";
import { executeBatch, queryAll, type RequestMeter } from "./cosmos-requests.js";

/** A batch operation on one item, with its payload size for packing. */
export interface PlannedOperation {
  id: string;
  operation: OperationInput;
  bytes: number;
}

/** A batch round that still conflicts after this many re-checks is given up on. */
const MAX_CONFLICT_ROUNDS = 5;

/**
 * One transactional batch in which `Create` operations mean insert-if-absent. A create of an
 * item that exists aborts the atomic batch with 409, so on a conflict the ids that already
 * exist are looked up (one query) and dropped, and the rest is resent: one request normally,
 * three when the items were written before (a replay, a retried copy).
 */
export async function writeInsertIfAbsent(
  container: Container,
  partitionKey: PartitionKey,
  batch: readonly PlannedOperation[],
  meter: RequestMeter,
  operationName: string,
): Promise<Set<string>> {
  let pending = [...batch];
  // Ids found already stored, so not written (a caller may merge into them).
  const skipped = new Set<string>();
  for (let round = 0; round < MAX_CONFLICT_ROUNDS && pending.length > 0; round += 1) {
    const outcome = await executeBatch(
      container,
      partitionKey,
      pending.map((planned) => planned.operation),
      meter,
    );
    if (outcome.applied) return skipped;
    if (outcome.failedStatus !== 409) break;
    const createIds = pending
      .filter((planned) => planned.operation.operationType === "Create")
      .map((planned) => planned.id);
    const existing = await queryAll<{ id: string }>(
      container,
      existingIdsQuery(createIds),
      partitionKey,
      meter,
    );
    const existingIds = new Set(existing.map((item) => item.id));
    for (const id of existingIds) skipped.add(id);
    pending = pending.filter(
      (planned) => !(planned.operation.operationType === "Create" && existingIds.has(planned.id)),
    );
  }
  if (pending.length > 0) {
    throw new CheckpointConflictError(
      `${operationName} could not be applied: its items kept conflicting with concurrent writers`,
    );
  }
  return skipped;
}
