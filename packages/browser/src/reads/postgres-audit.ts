import { PostgresSaver } from "@checkpointkit/postgres";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { type DisplayValue, toDisplayValue } from "./display-value.js";

/** One write of the thread as PostgreSQL's `checkpoint_history` view records it. */
export interface AuditRow {
  step: number | null;
  /** The node that wrote; null for graph input, `Send` and functional-API tasks. */
  node: string | null;
  taskId: string;
  channel: string;
  /** The value as JSON when the database could hold it as JSONB, else null. */
  value: DisplayValue;
  /** The checkpoint the writing task ran on. */
  checkpointId: string;
  createdAt: string;
}

export interface AuditPage {
  threadId: string;
  checkpointNs: string;
  rows: AuditRow[];
  /** `offset` of the next page; undefined on the last one. */
  nextOffset: number | undefined;
}

export interface AuditQuery {
  threadId: string;
  checkpointNs: string;
  offset: number;
  limit: number;
}

/** The one statement's deadline; the pool's own settings still apply. */
const AUDIT_QUERY_TIMEOUT_MS = 10_000;

/** The audit trail exists for checkpointkit's PostgresSaver: its documented view. */
export function auditSaverOf(saver: BaseCheckpointSaver): PostgresSaver | undefined {
  return saver instanceof PostgresSaver ? saver : undefined;
}

/**
 * Every write of the thread, step by step, from the saver's `checkpoint_history` view (one
 * statement on the saver's pool, `limit + 1` rows so the page knows whether another follows).
 */
export async function readAuditPage(saver: PostgresSaver, query: AuditQuery): Promise<AuditPage> {
  // pg honours a per-statement `query_timeout` (its typings only list it for the pool).
  const statement = {
    text: `SELECT step, node, task_id, channel, value, checkpoint_id, created_at
FROM ${saver.schema.quoted}.checkpoint_history
WHERE thread_id = $1 AND checkpoint_ns = $2 AND kind = 'write'
ORDER BY step, task_path, task_id, write_idx
OFFSET $3 LIMIT $4`,
    values: [query.threadId, query.checkpointNs, query.offset, query.limit + 1],
    query_timeout: AUDIT_QUERY_TIMEOUT_MS,
  };
  const result = await saver.pool.query<{
    step: number | null;
    node: string | null;
    task_id: string;
    channel: string;
    value: unknown;
    checkpoint_id: string;
    created_at: Date;
  }>(statement);
  const rows = result.rows.slice(0, query.limit).map((row) => ({
    step: row.step === null ? null : Number(row.step),
    node: row.node,
    taskId: row.task_id,
    channel: row.channel,
    value: toDisplayValue(row.value),
    checkpointId: row.checkpoint_id,
    createdAt: row.created_at.toISOString(),
  }));
  return {
    threadId: query.threadId,
    checkpointNs: query.checkpointNs,
    rows,
    nextOffset: result.rows.length > query.limit ? query.offset + query.limit : undefined,
  };
}
