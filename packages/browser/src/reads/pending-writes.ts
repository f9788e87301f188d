import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { type DisplayValue, toDisplayValue } from "./display-value.js";

/** Channel a task writes when `interrupt()` paused it. */
export const INTERRUPT_CHANNEL = "__interrupt__";
/** Channel the resume value of `Command({ resume })` is written to. */
export const RESUME_CHANNEL = "__resume__";

export interface TaskWrites {
  taskId: string;
  writes: { channel: string; value: DisplayValue }[];
}

/** A checkpoint's pending writes grouped by task, in the order the saver returned them. */
export function writesByTask(tuple: CheckpointTuple): TaskWrites[] {
  const tasks = new Map<string, TaskWrites>();
  for (const [taskId, channel, value] of tuple.pendingWrites ?? []) {
    let task = tasks.get(taskId);
    if (task === undefined) {
      task = { taskId, writes: [] };
      tasks.set(taskId, task);
    }
    task.writes.push({ channel, value: toDisplayValue(value) });
  }
  return [...tasks.values()];
}

/** The values of the checkpoint's writes to `channel` (interrupts, resumes). */
export function writesTo(tuple: CheckpointTuple, channel: string): DisplayValue[] {
  return (tuple.pendingWrites ?? [])
    .filter(([, written]) => written === channel)
    .map(([, , value]) => toDisplayValue(value));
}
