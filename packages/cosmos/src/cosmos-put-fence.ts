import type { OperationInput, PatchOperation } from "@azure/cosmos";
import type { HeadItem } from "./cosmos-items.js";
import { advanceHeadOperation } from "./cosmos-put-plan.js";

/** What a fenced `put` adds to its batch (see cosmos-thread-leases.ts, core's WriteFence). */
export interface PutFence {
  threadId?: string;
  /** The conditional patch of the lease item; its failure fails the batch. */
  leaseOperation?: OperationInput;
  /** `concurrency: "optimistic"`: the head moves only from the parent (or is the checkpoint). */
  parentCheck?: { parentId: string | undefined };
}

/**
 * The head's advance under optimistic concurrency: only from the put's parent, or when it is
 * at the checkpoint already (a retried put); otherwise 412 and the batch stores nothing.
 */
export function parentCheckedHeadOperation(
  head: HeadItem,
  parentId: string | undefined,
): OperationInput {
  const advance = advanceHeadOperation(head);
  const body = advance.operationType === "Patch" ? advance.resourceBody : undefined;
  const own = JSON.stringify(head.checkpoint_id);
  const condition =
    parentId === undefined
      ? `FROM c WHERE c.checkpoint_id = ${own}`
      : `FROM c WHERE c.checkpoint_id = ${JSON.stringify(parentId)} OR c.checkpoint_id = ${own}`;
  return {
    operationType: "Patch",
    id: head.id,
    resourceBody: {
      operations: (body as { operations?: PatchOperation[] } | undefined)?.operations ?? [],
      condition,
    },
  };
}
