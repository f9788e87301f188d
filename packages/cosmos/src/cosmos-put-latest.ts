import type { Container, OperationInput, PartitionKey } from "@azure/cosmos";
import { CheckpointConflictError } from "@checkpointkit/core";
import { fenceConflictError } from "@checkpointkit/core/internal";
import { deleteItemUnits } from "./cosmos-batch-delete.js";
import { MAX_BATCH_OPERATIONS } from "./cosmos-batch-packing.js";
import {
  checkpointItemId,
  type HeadItem,
  headItemId,
  itemBody,
  writesItemId,
} from "./cosmos-items.js";
import { chunkIdsByOwner, type PrunePartition } from "./cosmos-prune-target.js";
import { writeAheadItems } from "./cosmos-put.js";
import type { PutFence } from "./cosmos-put-fence.js";
import { advanceHeadOperation, createHeadOperation, type PutPlan } from "./cosmos-put-plan.js";
import { executeBatch, type RequestMeter, readItem } from "./cosmos-requests.js";
import { leaseHeld } from "./cosmos-thread-leases.js";
import { ThreadTotalsWrite } from "./cosmos-thread-totals-write.js";
import { metadataOwnerId } from "./cosmos-tuples.js";

/**
 * Rounds for heads moved by concurrent writers, items already gone, TTL refreshes and the
 * thread item found missing or present.
 */
const MAX_ROUNDS = 10;

/**
 * `put` with `history: "latest"`: a point read of the head, then one transactional batch that
 * stores the new checkpoint, moves the head (on the condition that it still names the
 * checkpoint read) and deletes the checkpoint it replaces, that checkpoint's writes item and
 * the value items the new checkpoint no longer references — all or nothing, so a reader sees
 * the old checkpoint or the new one, never a mix. A put older than the stored checkpoint
 * stores nothing. Deletes that do not fit the 100 operations of the batch follow in more
 * batches (values only: no reader can reach them any more), and so do the chunk items of what
 * was deleted, which the head lists the owners of (one query, only for multi-MB payloads).
 *
 * Fences ride in the same batch, so they cost no request: the lease check is one more
 * operation of it, and under optimistic concurrency the head read must name the put's parent
 * (or the checkpoint itself, a retry) — the head's move is conditioned on the id read, so a
 * head moved in between fails the batch and the next round's read refuses the put.
 */
export async function executeLatestPut(
  container: Container,
  partitionKey: PartitionKey,
  plan: PutPlan,
  meter: RequestMeter,
  fence: PutFence = {},
): Promise<void> {
  await writeAheadItems(container, plan, meter);
  const fenceOperations = fence.leaseOperation === undefined ? [] : [fence.leaseOperation];
  const newId = plan.head.checkpoint_id;
  const checkpointNs = plan.head.checkpoint_ns;
  const keptValueIds = new Set(plan.head.value_ids);
  let writesOperations: OperationInput[] = [
    { operationType: "Create", resourceBody: itemBody(plan.writesItem) },
  ];
  let refreshOperations = plan.refreshOperations;
  const ownChunkOwners = [
    ...new Set(plan.aheadItems.flatMap((item) => (item.kind === "chunk" ? [item.owner_id] : []))),
  ];
  /** Items a delete found gone (TTL, a concurrent writer): not deleted again. */
  const gone = new Set<string>();
  /** Guessed from the first head read: a thread with a head or a namespace has its item. */
  let threadTotals: ThreadTotalsWrite | undefined;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const current = await readItem<HeadItem>(
      container,
      headItemId(checkpointNs),
      partitionKey,
      meter,
    );
    if (fence.parentCheck !== undefined) {
      refuseUnlessParentIsLatest(current, newId, fence.parentCheck.parentId, fence.threadId);
    }
    if (current !== undefined && current.checkpoint_id > newId) {
      // Stores nothing, but a put under a lease it does not hold is still refused.
      await checkLeaseAlone({ container, partitionKey, meter }, fence);
      return;
    }
    const replacedChunkOwners = current?.chunked_owner_ids ?? [];
    const head: HeadItem = {
      ...plan.head,
      chunked_owner_ids: [
        ...new Set([
          ...ownChunkOwners,
          ...replacedChunkOwners.filter((owner) => keptValueIds.has(owner)),
        ]),
      ],
    };
    let headOperation: OperationInput;
    let deletes: string[] = [];
    if (current === undefined) headOperation = createHeadOperation(head);
    else if (current.checkpoint_id === newId) headOperation = advanceHeadOperation(head);
    else {
      headOperation = replaceHeadOperation(head, current.checkpoint_id);
      deletes = [
        checkpointItemId(checkpointNs, current.checkpoint_id),
        ...(current.writes_id === writesItemId(checkpointNs, current.checkpoint_id)
          ? [current.writes_id]
          : []),
        ...(Array.isArray(current.value_ids) ? current.value_ids : []).filter(
          (id) => !keptValueIds.has(id),
        ),
      ].filter((id) => !gone.has(id));
    }
    threadTotals ??= new ThreadTotalsWrite(
      plan.threadItem,
      current !== undefined || checkpointNs !== "",
    );
    // The replaced checkpoint (or a replay of this one) leaves the thread: its bytes go.
    const threadOperation = threadTotals.operation({
      checkpoints: current === undefined ? 1 : 0,
      storedBytes: plan.threadTotals.storedBytes - (current?.stored_bytes ?? 0),
      updatedAt: plan.threadTotals.updatedAt,
    });
    const leading = [
      ...plan.itemOperations,
      ...writesOperations,
      headOperation,
      threadOperation,
      ...fenceOperations,
    ];
    const room = Math.max(0, MAX_BATCH_OPERATIONS - leading.length - refreshOperations.length);
    const inBatch = deletes.slice(0, room);
    const deleteOperations: OperationInput[] = inBatch.map((id) => ({
      operationType: "Delete",
      id,
    }));
    const operations = [...leading, ...refreshOperations, ...deleteOperations];
    const outcome = await executeBatch(container, partitionKey, operations, meter);
    if (outcome.applied) {
      const replaced = new Set(deletes);
      if (current !== undefined && current.checkpoint_id !== newId) {
        replaced.add(metadataOwnerId(checkpointItemId(checkpointNs, current.checkpoint_id)));
      }
      await deleteChunksOf(
        { container, partitionKey, meter },
        replacedChunkOwners.filter((owner) => replaced.has(owner)),
      );
      // Value items beyond the batch's 100 operations: unreachable once the batch committed.
      const rest = deletes.slice(room);
      if (rest.length > 0) {
        await deleteItemUnits(
          container,
          partitionKey,
          rest.map((id) => [id]),
          meter,
        );
      }
      return;
    }
    const writesIndex = plan.itemOperations.length;
    const headIndex = writesIndex + writesOperations.length;
    const threadIndex = headIndex + 1;
    const leaseIndex = fenceOperations.length > 0 ? threadIndex + 1 : -1;
    const refreshStart = threadIndex + 1 + fenceOperations.length;
    const deleteStart = refreshStart + refreshOperations.length;
    const { failedIndex, failedStatus } = outcome;
    if (failedIndex === leaseIndex) throw fenceConflictError("lease", fence.threadId ?? "", "put");
    if (failedIndex === threadIndex) {
      if (!(await threadTotals.recover(failedStatus, { container, partitionKey, meter }))) break;
    } else if (failedStatus === 409 && writesOperations.length > 0 && failedIndex === writesIndex) {
      writesOperations = [];
    } else if (failedStatus === 404 && failedIndex >= deleteStart) {
      gone.add(inBatch[failedIndex - deleteStart] as string);
    } else if (failedStatus === 404 && failedIndex >= refreshStart) {
      refreshOperations = [];
    } else if (failedIndex !== headIndex) {
      break;
    }
    // Otherwise the head moved (or appeared) since it was read: read it again.
  }
  throw new CheckpointConflictError(
    "put could not be applied: its batch kept failing while concurrent writers changed the thread's head",
  );
}

/**
 * `concurrency: "optimistic"`: the head just read must be the put's parent (no parent: no
 * head yet), or the checkpoint itself (a retried put); otherwise the put would replace a
 * checkpoint its author never saw.
 */
function refuseUnlessParentIsLatest(
  current: HeadItem | undefined,
  newId: string,
  parentId: string | undefined,
  threadId: string | undefined,
): void {
  const latestId = current?.checkpoint_id;
  if (latestId === parentId || latestId === newId) return;
  throw fenceConflictError("parent", threadId ?? "", "put");
}

/** A fenced put that stores nothing is still refused without the lease (one more batch). */
async function checkLeaseAlone(target: PrunePartition, fence: PutFence): Promise<void> {
  if (fence.leaseOperation === undefined) return;
  if (!(await leaseHeld(target, fence.leaseOperation))) {
    throw fenceConflictError("lease", fence.threadId ?? "", "put");
  }
}

/** The chunk items of owners deleted by the batch: one query, only for multi-MB payloads. */
async function deleteChunksOf(target: PrunePartition, ownerIds: readonly string[]): Promise<void> {
  if (ownerIds.length === 0) return;
  const chunkIds = [...(await chunkIdsByOwner(target, ownerIds)).values()].flat();
  await deleteItemUnits(
    target.container,
    target.partitionKey,
    chunkIds.map((id) => [id]),
    target.meter,
  );
}

/** Moves the head from exactly the checkpoint the batch deletes to the new one. */
function replaceHeadOperation(head: HeadItem, replacedCheckpointId: string): OperationInput {
  const operation = advanceHeadOperation(head);
  if (operation.operationType !== "Patch") return operation;
  return {
    ...operation,
    resourceBody: {
      ...operation.resourceBody,
      condition: `FROM c WHERE c.checkpoint_id = ${JSON.stringify(replacedCheckpointId)}`,
    },
  };
}
