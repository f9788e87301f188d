import type { RedisOutboxEntry } from "@checkpointkit/redis";

/** A thread's entries reduced to what must happen: the last delete, then the records after it. */
export interface ThreadPlan {
  threadId: string;
  deleteEntry: RedisOutboxEntry | undefined;
  /** Entries before the delete: acknowledged with it (the delete removes their data anyway). */
  superseded: RedisOutboxEntry[];
  records: RedisOutboxEntry[];
}

export function planThreads(entries: readonly RedisOutboxEntry[]): ThreadPlan[] {
  const plans = new Map<string, ThreadPlan>();
  for (const entry of entries) {
    let plan = plans.get(entry.threadId);
    if (plan === undefined) {
      plan = { threadId: entry.threadId, deleteEntry: undefined, superseded: [], records: [] };
      plans.set(entry.threadId, plan);
    }
    if (entry.kind === "delete") {
      // Everything before a delete would be deleted right after being written.
      plan.deleteEntry = entry;
      plan.superseded.push(...plan.records);
      plan.records = [];
    } else if (entry.kind === "put" || entry.kind === "writes") {
      plan.records.push(entry);
    }
    // `copy` entries are not produced by the tiered saver (it copies each tier itself); they
    // are acknowledged without effect.
  }
  for (const plan of plans.values()) plan.records = latestPerTarget(plan.records);
  return [...plans.values()];
}

/** One read per checkpoint or task: the hot tier holds only the current state anyway. */
function latestPerTarget(records: readonly RedisOutboxEntry[]): RedisOutboxEntry[] {
  const byTarget = new Map<string, RedisOutboxEntry>();
  for (const entry of records) {
    const target = JSON.stringify([
      entry.kind,
      entry.checkpointNs,
      entry.checkpointId,
      entry.taskId,
    ]);
    byTarget.delete(target);
    byTarget.set(target, entry);
  }
  return [...byTarget.values()];
}
