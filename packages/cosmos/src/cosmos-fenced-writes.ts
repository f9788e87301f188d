import type { Container, OperationInput, PatchOperation } from "@azure/cosmos";
import { CheckpointConflictError } from "@checkpointkit/core";
import { fenceConflictError } from "@checkpointkit/core/internal";
import { itemBody, type ThreadPartition, type WritesItem } from "./cosmos-items.js";
import { executeBatch, type RequestMeter } from "./cosmos-requests.js";
import { leaseHeld } from "./cosmos-thread-leases.js";

const MAX_CREATE_RACES = 3;

/**
 * A `putWrites` call under a lease: the append to the checkpoint's writes item (a patch, or
 * its creation when it does not exist yet) and the lease check go in ONE transactional batch,
 * so the call is stored only while the token holds the lease. Costs one batch instead of one
 * patch; a call whose writes item is created concurrently is retried as an append. With
 * `isSuperseded` (`history: "latest"`), a call that finds no writes item and whose checkpoint
 * the head has moved past is dropped, as unfenced, once the lease alone is checked.
 */
export async function appendCallFenced(
  target: { container: Container; partition: ThreadPartition; meter: RequestMeter },
  patchOperations: PatchOperation[],
  created: WritesItem,
  leaseOperation: OperationInput,
  isSuperseded?: () => Promise<boolean>,
): Promise<void> {
  const { container, partition, meter } = target;
  let create = false;
  for (let attempt = 0; attempt < MAX_CREATE_RACES * 2; attempt += 1) {
    const write: OperationInput = create
      ? { operationType: "Create", resourceBody: itemBody(created) }
      : { operationType: "Patch", id: created.id, resourceBody: { operations: patchOperations } };
    const outcome = await executeBatch(
      container,
      partition.partitionKey,
      [write, leaseOperation],
      meter,
    );
    if (outcome.applied) return;
    if (outcome.failedIndex === 1) {
      throw fenceConflictError("lease", partition.threadId, "putWrites");
    }
    // 404: no writes item yet, create it; 409: created meanwhile, append to it.
    if (
      outcome.failedIndex === 0 &&
      (outcome.failedStatus === 404 || outcome.failedStatus === 409)
    ) {
      create = outcome.failedStatus === 404;
      if (create && isSuperseded !== undefined && (await isSuperseded())) {
        const held = await leaseHeld(
          { container, partitionKey: partition.partitionKey, meter },
          leaseOperation,
        );
        if (!held) throw fenceConflictError("lease", partition.threadId, "putWrites");
        return;
      }
      continue;
    }
    break;
  }
  throw new CheckpointConflictError(
    "putWrites could not be applied: its checkpoint's writes item kept being created and removed concurrently",
  );
}
