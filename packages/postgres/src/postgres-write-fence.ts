import type { WriteFenceOptions } from "@checkpointkit/core";
import {
  type FenceRefusal,
  fenceConflictError,
  readWriteFence,
} from "@checkpointkit/core/internal";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { FenceTarget } from "./sql/fence-ctes.js";

/** Where a write goes, in stored form (ids as the rows hold them). */
interface StoredAddress {
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
  parentCheckpointId?: string | null;
}

/**
 * The fence of one `put`/`putWrites` for its statement, or undefined when there is nothing to
 * check (the statement is then exactly the unfenced one). With `concurrency: "optimistic"`
 * every put moves the namespace's head: checked, or set for a deliberate fork.
 */
export function fenceTarget(
  config: RunnableConfig,
  options: WriteFenceOptions,
  operation: "put" | "putWrites",
  address: StoredAddress,
): FenceTarget | undefined {
  const fence = readWriteFence(config, options, address.threadId, operation);
  const tracksHead = operation === "put" && options.concurrency === "optimistic";
  if (fence.leaseToken === undefined && !tracksHead) return undefined;
  return {
    threadId: address.threadId,
    leaseToken: fence.leaseToken,
    head: tracksHead
      ? {
          mode: fence.checkParent ? "check" : "set",
          checkpointNs: address.checkpointNs,
          parentId: address.parentCheckpointId ?? undefined,
          checkpointId: address.checkpointId,
        }
      : undefined,
  };
}

/** Throws the fence's refusal (the statement wrote nothing), if the statement reported one. */
export function throwIfFenced(
  rows: readonly Record<string, unknown>[],
  operation: string,
  threadId: string,
): void {
  const refusal = rows[0]?.refusal;
  if (typeof refusal === "string") {
    throw fenceConflictError(refusal as FenceRefusal, threadId, operation);
  }
}
