import type { OperationTarget } from "./operation-target.js";
import type { TracedMethod } from "./trace-saver-methods.js";

/** `getDeltaChannelHistory({ config, channels })` works on `config`. */
export const configOfRequest = (args: readonly unknown[]): OperationTarget =>
  (args[0] as { config?: OperationTarget } | undefined)?.config;

/** `prune({ threadId })` works on one thread, or on all of them. */
export const threadOfPruneOptions = (args: readonly unknown[]): OperationTarget => {
  const threadId = (args[0] as { threadId?: unknown } | undefined)?.threadId;
  return typeof threadId === "string" ? threadId : undefined;
};

/** `renewThreadLease(lease)` / `releaseThreadLease(lease)` work on the lease's thread. */
export const threadOfLease = (args: readonly unknown[]): OperationTarget => {
  const threadId = (args[0] as { threadId?: unknown } | undefined)?.threadId;
  return typeof threadId === "string" ? threadId : undefined;
};

/** The methods every checkpointkit saver has, traced alike. */
export const STANDARD_TRACED_METHODS = {
  setup: { operation: "setup", target: () => undefined },
  getTuple: { operation: "getTuple" },
  list: { operation: "list", generator: true },
  put: { operation: "put" },
  putWrites: { operation: "putWrites" },
  deleteThread: { operation: "deleteThread" },
  getDeltaChannelHistory: { operation: "getDeltaChannelHistory", target: configOfRequest },
  prune: { operation: "prune", target: threadOfPruneOptions },
  copyThread: { operation: "copyThread" },
  // An acquire that waits for another holder is one span over the wait, its retries counted.
  acquireThreadLease: { operation: "acquireThreadLease" },
  renewThreadLease: { operation: "renewThreadLease", target: threadOfLease },
  releaseThreadLease: { operation: "releaseThreadLease", target: threadOfLease },
  getCheckpointSize: { operation: "getCheckpointSize" },
  threadSizeSummary: { operation: "threadSizeSummary" },
  listThreads: { operation: "listThreads", target: () => undefined },
} as const satisfies Record<string, TracedMethod>;
