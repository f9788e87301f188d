import type { Container, OperationInput, PartitionKey } from "@azure/cosmos";
import { CheckpointConflictError } from "@checkpointkit/core";
import { fenceConflictError } from "@checkpointkit/core/internal";
import { itemBody } from "./cosmos-items.js";
import { type PutFence, parentCheckedHeadOperation } from "./cosmos-put-fence.js";
import { advanceHeadOperation, createHeadOperation, type PutPlan } from "./cosmos-put-plan.js";
import { executeBatch, type RequestMeter, runLimited, upsertItem } from "./cosmos-requests.js";
import { ThreadTotalsWrite } from "./cosmos-thread-totals-write.js";

/** How the batch treats the head item this time round. */
type HeadMode = "create" | "advance" | "leave";

/** Chunk and oversize value uploads in flight at once. */
const AHEAD_WRITE_CONCURRENCY = 4;
/**
 * Enough rounds for an existing checkpoint (a replay) and writes item, create ⇄ advance
 * races, a 412, dropping TTL refreshes and finding the thread item missing or present.
 */
const MAX_BATCH_ROUNDS = 10;

/**
 * Writes a planned put: ahead items first, then one transactional batch. The first try
 * assumes the head exists when the checkpoint has a parent (advance) and not otherwise
 * (create); a 409/404 on the head flips that guess, and a 412 (the head is already at a newer
 * checkpoint) resends without the head, so the checkpoint is stored but never becomes latest.
 */
export async function executePut(
  container: Container,
  partitionKey: PartitionKey,
  plan: PutPlan,
  hasParent: boolean,
  meter: RequestMeter,
  fence: PutFence = {},
): Promise<void> {
  await writeAheadItems(container, plan, meter);
  const fenceOperations = fence.leaseOperation === undefined ? [] : [fence.leaseOperation];
  // The checkpoint is created, not upserted, until it turns out to exist (a replayed put or
  // flush): then it is rewritten but not counted again in its thread's totals.
  let checkpointStored = false;
  const threadTotals = new ThreadTotalsWrite(plan.threadItem, hasParent || !isRootNamespace(plan));
  let headMode: HeadMode = hasParent ? "advance" : "create";
  let refreshOperations = plan.refreshOperations;
  let writesOperations: OperationInput[] = [
    { operationType: "Create", resourceBody: itemBody(plan.writesItem) },
  ];
  let lastStatus = 0;
  for (let round = 0; round < MAX_BATCH_ROUNDS; round += 1) {
    const headOperations: OperationInput[] =
      headMode === "create"
        ? [createHeadOperation(plan.head)]
        : headMode === "advance"
          ? [
              fence.parentCheck === undefined
                ? advanceHeadOperation(plan.head)
                : parentCheckedHeadOperation(plan.head, fence.parentCheck.parentId),
            ]
          : [];
    const threadOperation = threadTotals.operation(
      checkpointStored
        ? { ...plan.threadTotals, checkpoints: 0, storedBytes: 0 }
        : plan.threadTotals,
    );
    const itemOperations = checkpointStored ? plan.itemOperations : createdCheckpoint(plan);
    const operations = [
      ...itemOperations,
      ...writesOperations,
      ...headOperations,
      ...refreshOperations,
      threadOperation,
      ...fenceOperations,
    ];
    const outcome = await executeBatch(container, partitionKey, operations, meter);
    if (outcome.applied) return;
    lastStatus = outcome.failedStatus;
    const writesIndex = plan.itemOperations.length;
    if (
      !checkpointStored &&
      outcome.failedStatus === 409 &&
      outcome.failedIndex === writesIndex - 1
    ) {
      checkpointStored = true;
      continue;
    }
    const threadIndex = operations.length - fenceOperations.length - 1;
    if (outcome.failedIndex === threadIndex) {
      if (await threadTotals.recover(outcome.failedStatus, { container, partitionKey, meter })) {
        continue;
      }
      break;
    }
    if (fenceOperations.length > 0 && outcome.failedIndex === operations.length - 1) {
      throw fenceConflictError("lease", fence.threadId ?? "", "put");
    }
    const headIndex = writesIndex + writesOperations.length;
    if (
      fence.parentCheck !== undefined &&
      headOperations.length > 0 &&
      outcome.failedIndex === headIndex &&
      !(headMode === "create" && outcome.failedStatus === 409)
    ) {
      // The head is not at the parent (412), or is missing while a parent is named (404).
      throw fenceConflictError("parent", fence.threadId ?? "", "put");
    }
    if (
      outcome.failedStatus === 409 &&
      writesOperations.length > 0 &&
      outcome.failedIndex === writesIndex
    ) {
      // The writes item exists (a replayed put, or writes that arrived before their
      // checkpoint): it holds writes already, so it is kept as it is.
      writesOperations = [];
      continue;
    }
    const refreshStart = writesIndex + writesOperations.length + headOperations.length;
    if (outcome.failedStatus === 404 && outcome.failedIndex >= refreshStart) {
      // A referenced value item is gone (never written by this saver, or expired): refreshing
      // TTLs is best effort, the checkpoint itself must still be stored.
      refreshOperations = [];
      continue;
    }
    if (outcome.failedStatus === 409 && headMode === "create") {
      headMode = "advance";
    } else if (outcome.failedStatus === 404 && headMode === "advance") {
      headMode = "create";
    } else if (outcome.failedStatus === 412 && headMode === "advance") {
      headMode = "leave";
    } else {
      break;
    }
  }
  throw new CheckpointConflictError(
    `put could not be applied: its batch kept failing (last status ${lastStatus}) while concurrent writers changed the thread's head`,
  );
}

/** A namespace's first put with no parent is most likely its thread's first write. */
function isRootNamespace(plan: PutPlan): boolean {
  return plan.head.checkpoint_ns === "";
}

/** The plan's item operations with the checkpoint's upsert (the last one) made a create. */
function createdCheckpoint(plan: PutPlan): OperationInput[] {
  const operations = [...plan.itemOperations];
  const checkpoint = operations.pop();
  if (checkpoint === undefined || checkpoint.operationType !== "Upsert") return plan.itemOperations;
  return [...operations, { operationType: "Create", resourceBody: checkpoint.resourceBody }];
}

/**
 * Chunks and values that do not fit the batch, upserted before it: immutable by id, so
 * writing them early or twice is harmless, and nothing references them until it commits.
 */
export async function writeAheadItems(
  container: Container,
  plan: PutPlan,
  meter: RequestMeter,
): Promise<void> {
  await runLimited(
    plan.aheadItems.map((item) => () => upsertItem(container, { ...item }, meter)),
    AHEAD_WRITE_CONCURRENCY,
  );
}
