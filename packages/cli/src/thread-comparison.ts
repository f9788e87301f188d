import { isDeepStrictEqual } from "node:util";
import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { groupWritesByTask, type TaskWrites } from "./task-writes.js";

/** What one checkpoint of the source lacks or has differently in the target. */
export interface CheckpointDifference {
  /** The source tuple; undefined when the target has a checkpoint the source lacks. */
  source: CheckpointTuple | undefined;
  checkpointNs: string;
  checkpointId: string;
  /** The checkpoint itself is absent from the target. */
  missing: boolean;
  /** Differences that copying cannot fix (the target holds other data under the same ids). */
  conflicts: string[];
  /** Tasks whose writes the target lacks, in full or in part. */
  tasksToWrite: TaskWrites[];
}

export function tupleKey(tuple: CheckpointTuple): string {
  const { checkpoint_ns = "", checkpoint_id } = tuple.config.configurable ?? {};
  return JSON.stringify([checkpoint_ns, checkpoint_id]);
}

function namespaceOf(tuple: CheckpointTuple): string {
  return String(tuple.config.configurable?.checkpoint_ns ?? "");
}

function parentIdOf(tuple: CheckpointTuple): string | undefined {
  const id = tuple.parentConfig?.configurable?.checkpoint_id;
  return id === undefined || id === null ? undefined : String(id);
}

/** Missing writes are copyable; writes present with other values are conflicts. */
function compareWrites(source: CheckpointTuple, target: CheckpointTuple | undefined) {
  const targetTasks = new Map(
    groupWritesByTask(target?.pendingWrites ?? []).map((task) => [task.taskId, task.writes]),
  );
  const tasksToWrite: TaskWrites[] = [];
  const conflicts: string[] = [];
  for (const task of groupWritesByTask(source.pendingWrites ?? [])) {
    const stored = targetTasks.get(task.taskId) ?? [];
    targetTasks.delete(task.taskId);
    if (isDeepStrictEqual(stored, task.writes)) continue;
    const isPrefix = stored.every((write, index) => isDeepStrictEqual(write, task.writes[index]));
    if (isPrefix && stored.length < task.writes.length) tasksToWrite.push(task);
    else conflicts.push(`pending writes of task ${JSON.stringify(task.taskId)} differ`);
  }
  for (const taskId of targetTasks.keys()) {
    conflicts.push(
      `the target has pending writes of task ${JSON.stringify(taskId)} the source lacks`,
    );
  }
  return { tasksToWrite, conflicts };
}

function compareCheckpoint(source: CheckpointTuple, target: CheckpointTuple): string[] {
  const conflicts: string[] = [];
  if (!isDeepStrictEqual(target.checkpoint, source.checkpoint)) {
    conflicts.push("checkpoint (channel values or versions) differs");
  }
  if (!isDeepStrictEqual(target.metadata, source.metadata)) conflicts.push("metadata differs");
  if (parentIdOf(target) !== parentIdOf(source)) conflicts.push("parent checkpoint differs");
  return conflicts;
}

/**
 * Every checkpoint where the target differs from the source: missing ones, ones missing
 * pending writes, and conflicts (same ids, other content; or checkpoints only the target has).
 * An empty result means the thread is fully and exactly in the target.
 */
export function compareThread(
  sourceTuples: readonly CheckpointTuple[],
  targetTuples: readonly CheckpointTuple[],
): CheckpointDifference[] {
  const targets = new Map(targetTuples.map((tuple) => [tupleKey(tuple), tuple]));
  const differences: CheckpointDifference[] = [];
  for (const source of sourceTuples) {
    const key = tupleKey(source);
    const target = targets.get(key);
    targets.delete(key);
    const writes = compareWrites(source, target);
    const conflicts = [
      ...(target === undefined ? [] : compareCheckpoint(source, target)),
      ...writes.conflicts,
    ];
    if (target !== undefined && conflicts.length === 0 && writes.tasksToWrite.length === 0) {
      continue;
    }
    differences.push({
      source,
      checkpointNs: namespaceOf(source),
      checkpointId: source.checkpoint.id,
      missing: target === undefined,
      conflicts,
      tasksToWrite: writes.tasksToWrite,
    });
  }
  for (const extra of targets.values()) {
    differences.push({
      source: undefined,
      checkpointNs: namespaceOf(extra),
      checkpointId: extra.checkpoint.id,
      missing: false,
      conflicts: ["the target has this checkpoint and the source does not"],
      tasksToWrite: [],
    });
  }
  return differences;
}
