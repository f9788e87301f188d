import { THREAD_SUMMARIES_TABLE } from "../migrations/004-stored-sizes.js";
import type { SchemaName } from "../schema-name.js";
import { SqlParameters } from "./sql-parameters.js";
import type { BuiltStatement } from "./write-statements.js";

export interface ThreadListRow {
  /** `thread`: a listed thread; `last`: the last summary examined (`examined`: how many were). */
  kind: "thread" | "last";
  thread_id: string;
  thread_key: string;
  checkpoint_count: string;
  stored_bytes: string;
  /** `updated_at` in UTC with microseconds, `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
  updated_utc: string;
  examined: string;
}

export interface ThreadListWindow {
  /** Stored-text prefix; "" lists every thread. */
  threadIdPrefix: string;
  after: { updatedAt: string; threadKey: string } | undefined;
  /** Most summaries examined (index entries read). */
  examineRows: number;
  /** Most threads returned (the page's limit + 1, to know whether more follow). */
  returnRows: number;
}

const NEWEST_WRITE_FIRST = "updated_at DESC, thread_key";
const UTC_MICROSECONDS = `to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * One page of `listThreads`: walks `thread_summaries_recent_idx` (updated_at DESC,
 * thread_key) from the cursor, examining at most `examineRows` summaries, and returns
 * those whose id starts with the prefix (at most `returnRows`) plus the last one examined.
 * Its cost is bounded by `examineRows` whatever the number of threads or checkpoints.
 */
export function buildThreadListStatement(
  schema: SchemaName,
  window: ThreadListWindow,
): BuiltStatement {
  const params = new SqlParameters();
  let after = "";
  if (window.after !== undefined) {
    const at = `(${params.add(window.after.updatedAt, "text")}::timestamp AT TIME ZONE 'UTC')`;
    const key = params.add(window.after.threadKey, "text");
    // `updated_at <= at` is the index condition; the tie on `at` is settled by the key.
    after = `WHERE updated_at <= ${at} AND (updated_at < ${at} OR thread_key > ${key} COLLATE "C")`;
  }
  const examineRows = params.add(window.examineRows, "integer");
  const prefix = params.add(window.threadIdPrefix, "text");
  const returnRows = params.add(window.returnRows, "integer");
  const columns = `thread_id, thread_key, checkpoint_count, stored_bytes, ${UTC_MICROSECONDS} AS updated_utc`;
  return {
    text: `WITH examined AS (
  SELECT thread_id, thread_key, checkpoint_count, stored_bytes, updated_at,
    row_number() OVER (ORDER BY ${NEWEST_WRITE_FIRST}) AS position
  FROM ${schema.qualify(THREAD_SUMMARIES_TABLE)} ${after}
  ORDER BY ${NEWEST_WRITE_FIRST} LIMIT ${examineRows}
)
(SELECT 'thread' AS kind, ${columns}, NULL::bigint AS examined FROM examined
  WHERE starts_with(thread_id, ${prefix}) ORDER BY position LIMIT ${returnRows})
UNION ALL
-- The last row is picked before its columns are formatted: only one row is formatted.
SELECT 'last', ${columns}, position FROM (
  SELECT * FROM examined ORDER BY position DESC LIMIT 1) AS last_examined`,
    values: params.values,
  };
}
