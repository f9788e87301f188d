import type { CheckpointPendingWrite, PendingWrite } from "@langchain/langgraph-checkpoint";
import { WRITES_IDX_MAP } from "@langchain/langgraph-checkpoint";

/** The pending writes of one task of one checkpoint, in stored order. */
export interface TaskWrites {
  taskId: string;
  writes: PendingWrite[];
}

/**
 * Groups a tuple's pending writes by task, keeping each task's stored order. Tasks are
 * compared as groups because savers may order different tasks differently (the official
 * saver sorts task ids by the database collation, checkpointkit by code point).
 */
export function groupWritesByTask(pendingWrites: readonly CheckpointPendingWrite[]): TaskWrites[] {
  const groups = new Map<string, PendingWrite[]>();
  for (const [taskId, channel, value] of pendingWrites) {
    const writes = groups.get(taskId) ?? [];
    writes.push([channel, value]);
    groups.set(taskId, writes);
  }
  return [...groups].map(([taskId, writes]) => ({ taskId, writes }));
}

/**
 * The `putWrites` calls that store a task's writes under the indexes the official saver gave
 * them: special channels (interrupts, errors, resume values) carry fixed negative indexes
 * whatever their position, and the task's regular writes were numbered from 0 in their own
 * call. Putting both in one call would shift the regular ones by the special ones before them.
 */
export function writeCallsOf(task: TaskWrites): PendingWrite[][] {
  const special = task.writes.filter(([channel]) => channel in WRITES_IDX_MAP);
  const regular = task.writes.filter(([channel]) => !(channel in WRITES_IDX_MAP));
  return [special, regular].filter((writes) => writes.length > 0);
}
