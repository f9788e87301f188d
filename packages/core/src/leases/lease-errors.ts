import { CheckpointConflictError } from "../errors/checkpoint-conflict-error.js";

/** Why a fenced write was refused; each saver's atomic check reports one of these. */
export type FenceRefusal = "lease" | "parent";

/** The error every saver throws for a write its fence refused; nothing of the write is stored. */
export function fenceConflictError(
  refusal: FenceRefusal,
  threadId: string,
  operation: string,
): CheckpointConflictError {
  return new CheckpointConflictError(
    refusal === "lease"
      ? `${operation} refused: its lease token is not the current lease of thread ${JSON.stringify(threadId)} (expired, released or taken over); nothing was written`
      : `${operation} refused: its parent is not the latest checkpoint of its namespace in thread ${JSON.stringify(threadId)} (another run wrote first; concurrency: "optimistic"); nothing was written`,
  );
}

export function leaseMissingError(threadId: string, operation: string): CheckpointConflictError {
  return new CheckpointConflictError(
    `${operation} refused: requireLease is on and the config carries no lease token for thread ${JSON.stringify(threadId)}`,
  );
}

export function leaseHeldError(threadId: string): CheckpointConflictError {
  return new CheckpointConflictError(`thread ${JSON.stringify(threadId)} is leased by another run`);
}
