import { readThreadConfig } from "@checkpointkit/core/internal";
import type {
  CheckpointMetadata,
  CheckpointPendingWrite,
  CheckpointTuple,
  PendingWrite,
} from "@langchain/langgraph-checkpoint";
import type { ThreadWriter } from "./thread-writer.js";

/**
 * Writes a tuple read from another store back into Redis: its checkpoint, then its pending
 * writes grouped by task. A `CheckpointTuple` does not carry the writes' task paths, so each
 * task gets a stand-in path that keeps the writes in the order the tuple lists them (reads
 * order writes by task path).
 */
export async function restoreTuple(writer: ThreadWriter, tuple: CheckpointTuple): Promise<void> {
  const { threadId, checkpointNs } = readThreadConfig(tuple.config);
  const parentCheckpointId = tuple.parentConfig?.configurable?.checkpoint_id as string | undefined;
  await writer.putCheckpoint(
    { threadId, checkpointNs, parentCheckpointId },
    tuple.checkpoint,
    tuple.metadata ?? ({} as CheckpointMetadata),
    tuple.checkpoint.channel_versions ?? {},
  );
  const byTask = new Map<string, PendingWrite[]>();
  for (const [taskId, channel, value] of (tuple.pendingWrites ?? []) as CheckpointPendingWrite[]) {
    const writes = byTask.get(taskId) ?? [];
    writes.push([channel, value]);
    byTask.set(taskId, writes);
  }
  const address = { threadId, checkpointNs, checkpointId: tuple.checkpoint.id };
  let order = 0;
  for (const [taskId, writes] of byTask) {
    const taskPath = `~restored:${String(order++).padStart(6, "0")}`;
    await writer.putWrites(address, writes, taskId, taskPath);
  }
}
