import type { ThreadLeaseSaver } from "@checkpointkit/core";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";

/**
 * The checkpointer as a `ThreadLeaseSaver` when it has thread leases (every checkpointkit
 * saver), `undefined` otherwise (LangGraph's `MemorySaver`, the IPC relay to it).
 */
export function asThreadLeaseSaver(
  checkpointer: BaseCheckpointSaver,
): (BaseCheckpointSaver & ThreadLeaseSaver) | undefined {
  const candidate = checkpointer as BaseCheckpointSaver & Partial<ThreadLeaseSaver>;
  return typeof candidate.acquireThreadLease === "function" &&
    typeof candidate.renewThreadLease === "function" &&
    typeof candidate.releaseThreadLease === "function"
    ? (candidate as BaseCheckpointSaver & ThreadLeaseSaver)
    : undefined;
}
