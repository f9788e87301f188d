import type { BaseCheckpointSaver, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { collect } from "./fixtures.js";

/** A tuple without its thread id, to compare a copy with its source or a thread with itself. */
function withoutThread(tuple: CheckpointTuple) {
  return {
    checkpointNs: tuple.config.configurable?.checkpoint_ns,
    checkpointId: tuple.config.configurable?.checkpoint_id,
    checkpoint: tuple.checkpoint,
    metadata: tuple.metadata,
    pendingWrites: tuple.pendingWrites,
    parentCheckpointId: tuple.parentConfig?.configurable?.checkpoint_id,
  };
}

/** Every checkpoint of every namespace of a thread, with its writes, in a stable order. */
export async function threadSnapshot(saver: BaseCheckpointSaver, threadId: string) {
  const tuples = await collect(saver.list({ configurable: { thread_id: threadId } }));
  return tuples
    .map(withoutThread)
    .sort((a, b) =>
      `${a.checkpointNs}\u0000${a.checkpointId}` < `${b.checkpointNs}\u0000${b.checkpointId}`
        ? -1
        : 1,
    );
}
