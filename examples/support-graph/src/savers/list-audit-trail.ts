import type { BaseCheckpointSaver, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import type { AuditTrailRow } from "./saver-factory.js";

/** LangGraph's id for writes that come from outside a task, such as a `Command({ resume })`. */
const NULL_TASK_ID = "00000000-0000-0000-0000-000000000000";

/** Routing channels (`branch:to:x`, `join:a+b:x`) say nothing an auditor needs. */
function isRoutingChannel(channel: string): boolean {
  return channel.startsWith("branch:") || channel.startsWith("join:");
}

/** Each node of the support graph writes its own name to `currentStep`; input writes none. */
function nodeOfTask(tuple: CheckpointTuple, taskId: string): string {
  if (taskId === NULL_TASK_ID) return "resume";
  const nameWrite = tuple.pendingWrites?.find(
    ([writer, channel]) => writer === taskId && channel === "currentStep",
  );
  if (nameWrite !== undefined) return String(nameWrite[2]);
  return tuple.metadata?.source === "input" ? "input" : "unknown";
}

/**
 * The audit trail any checkpointer can give through `list`: the task writes LangGraph stored
 * with each checkpoint (`pendingWrites`), dated by the checkpoint those writes produced. The
 * memory and Redis savers have no query language, so this is their audit trail.
 */
export async function readAuditTrailFromList(
  checkpointer: BaseCheckpointSaver,
  threadId: string,
): Promise<AuditTrailRow[]> {
  const tuples: CheckpointTuple[] = [];
  for await (const tuple of checkpointer.list({ configurable: { thread_id: threadId } })) {
    tuples.push(tuple);
  }
  tuples.reverse();
  const childTsByParentId = new Map<string, string>();
  for (const tuple of tuples) {
    const parentId = tuple.parentConfig?.configurable?.checkpoint_id;
    if (typeof parentId === "string" && !childTsByParentId.has(parentId)) {
      childTsByParentId.set(parentId, tuple.checkpoint.ts);
    }
  }
  const rows: AuditTrailRow[] = [];
  for (const tuple of tuples) {
    const step = (tuple.metadata?.step ?? 0) + 1;
    const writtenAt = childTsByParentId.get(tuple.checkpoint.id) ?? tuple.checkpoint.ts;
    for (const [taskId, channel, value] of tuple.pendingWrites ?? []) {
      if (isRoutingChannel(channel)) continue;
      rows.push({
        step,
        node: nodeOfTask(tuple, taskId),
        channel,
        value,
        taskCheckpointId: tuple.checkpoint.id,
        writtenAt,
      });
    }
  }
  return rows;
}
