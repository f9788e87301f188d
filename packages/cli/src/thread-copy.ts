import type {
  BaseCheckpointSaver,
  CheckpointMetadata,
  CheckpointTuple,
} from "@langchain/langgraph-checkpoint";
import { writeCallsOf } from "./task-writes.js";
import type { CheckpointDifference } from "./thread-comparison.js";

/** What copying one thread wrote. */
export interface ThreadCopyCounts {
  checkpoints: number;
  writes: number;
}

function byCheckpointIdAscending(a: CheckpointDifference, b: CheckpointDifference): number {
  if (a.checkpointId === b.checkpointId) return 0;
  return a.checkpointId < b.checkpointId ? -1 : 1;
}

function putConfigOf(threadId: string, source: CheckpointTuple) {
  // `put` reads the parent from `checkpoint_id` of the config it is given.
  const parentId = source.parentConfig?.configurable?.checkpoint_id;
  return {
    configurable: {
      thread_id: threadId,
      checkpoint_ns: source.config.configurable?.checkpoint_ns ?? "",
      ...(parentId === undefined || parentId === null ? {} : { checkpoint_id: parentId }),
    },
  };
}

/**
 * Writes what the target lacks, oldest checkpoint first so a parent is stored before its
 * children, each checkpoint before its writes. Only missing checkpoints and tasks are
 * written; checkpointkit savers' `put` and `putWrites` are idempotent, so a write repeated
 * after a crash between the two changes nothing.
 */
export async function copyDifferences(
  target: BaseCheckpointSaver,
  threadId: string,
  differences: readonly CheckpointDifference[],
): Promise<ThreadCopyCounts> {
  const counts: ThreadCopyCounts = { checkpoints: 0, writes: 0 };
  for (const difference of [...differences].sort(byCheckpointIdAscending)) {
    const source = difference.source;
    if (source === undefined) continue;
    if (difference.missing) {
      await target.put(
        putConfigOf(threadId, source),
        source.checkpoint,
        // The official table's metadata column defaults to `{}`: a stored tuple always has one.
        source.metadata ?? ({} as CheckpointMetadata),
        source.checkpoint.channel_versions,
      );
      counts.checkpoints += 1;
    }
    const writesConfig = {
      configurable: {
        thread_id: threadId,
        checkpoint_ns: difference.checkpointNs,
        checkpoint_id: difference.checkpointId,
      },
    };
    for (const task of difference.tasksToWrite) {
      for (const writes of writeCallsOf(task)) {
        await target.putWrites(writesConfig, writes, task.taskId);
        counts.writes += writes.length;
      }
    }
  }
  return counts;
}
