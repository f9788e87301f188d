import type { PostgresSaver } from "@checkpointkit/postgres";
import type { AuditTrailRow } from "./saver-factory.js";

/** LangGraph's id for writes that come from outside a task, such as a `Command({ resume })`. */
const NULL_TASK_ID = "00000000-0000-0000-0000-000000000000";

/**
 * The audit query over the saver's `checkpoint_history` view: every write of the thread's
 * root namespace, step by step, without LangGraph's routing channels. The view names the
 * node of every task LangGraph scheduled by its triggers; `__start__` (and a task without a
 * node) is the graph's input, the null task a `Command({ resume })`.
 */
export function postgresAuditTrailSql(quotedSchema: string): string {
  return `SELECT step, channel, value, checkpoint_id, created_at,
       CASE WHEN task_id = '${NULL_TASK_ID}' THEN 'resume'
            WHEN node IS NULL OR node = '__start__' THEN 'input'
            ELSE node END AS node
FROM ${quotedSchema}.checkpoint_history
WHERE thread_id = $1 AND checkpoint_ns = '' AND kind = 'write'
  AND channel NOT LIKE 'branch:%' AND channel NOT LIKE 'join:%'
ORDER BY step, task_path, task_id, write_idx`;
}

interface AuditQueryRow {
  step: number;
  node: string;
  channel: string;
  value: unknown;
  checkpoint_id: string;
  created_at: Date;
}

/** Runs the audit query on the saver's own pool. */
export async function readPostgresAuditTrail(
  saver: PostgresSaver,
  threadId: string,
): Promise<AuditTrailRow[]> {
  const result = await saver.pool.query<AuditQueryRow>(postgresAuditTrailSql(saver.schema.quoted), [
    threadId,
  ]);
  return result.rows.map((row) => ({
    step: Number(row.step),
    node: row.node,
    channel: row.channel,
    value: row.value,
    taskCheckpointId: row.checkpoint_id,
    writtenAt: row.created_at.toISOString(),
  }));
}
