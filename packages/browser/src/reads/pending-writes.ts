import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { type DisplayValue, toDisplayValue } from "./display-value.js";
import { taskNodesOf } from "./task-nodes.js";

/** Channel a task writes when `interrupt()` paused it. */
export const INTERRUPT_CHANNEL = "__interrupt__";
/** Channel the resume value of `Command({ resume })` is written to. */
export const RESUME_CHANNEL = "__resume__";

export interface TaskWrites {
  taskId: string;
  /** The node the task ran, when its id matches one LangGraph derives (see `taskNodesOf`). */
  node: string | null;
  writes: { channel: string; value: DisplayValue }[];
}

/**
 * A checkpoint's pending writes grouped by task, in the order the saver returned them; the
 * parent's `metadata.writes` helps name the tasks' nodes.
 */
export function writesByTask(
  tuple: CheckpointTuple,
  parent: CheckpointTuple | undefined,
): TaskWrites[] {
  const taskNodes = taskNodesOf(tuple, parent);
  const tasks = new Map<string, TaskWrites>();
  for (const [taskId, channel, value] of tuple.pendingWrites ?? []) {
    let task = tasks.get(taskId);
    if (task === undefined) {
      task = { taskId, node: taskNodes.get(taskId) ?? null, writes: [] };
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

/** Nodes named (see `taskNodesOf`) among the tasks that called `interrupt()` at this checkpoint. */
export function interruptedNodesOf(
  tuple: CheckpointTuple,
  parent: CheckpointTuple | undefined,
): string[] {
  const interrupted = (tuple.pendingWrites ?? [])
    .filter(([, channel]) => channel === INTERRUPT_CHANNEL)
    .map(([taskId]) => taskId);
  if (interrupted.length === 0) return [];
  const taskNodes = taskNodesOf(tuple, parent);
  const nodes = interrupted.flatMap((taskId) => taskNodes.get(taskId) ?? []);
  return [...new Set(nodes)].sort();
}
