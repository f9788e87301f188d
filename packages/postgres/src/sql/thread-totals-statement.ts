import { THREAD_SUMMARIES_TABLE } from "../migrations/004-stored-sizes.js";
import type { SchemaName } from "../schema-name.js";
import { boundedKey } from "./bounded-keys.js";
import { SqlParameters } from "./sql-parameters.js";
import type { BuiltStatement } from "./write-statements.js";

export interface ThreadTotalsRow {
  thread_id: string;
  checkpoint_count: string;
  stored_bytes: string;
  /** `updated_at` in UTC with microseconds, `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
  updated_utc: string;
}

/**
 * The summaries of exactly these threads (stored-text ids), in one statement: each id is
 * looked up by its bounded key through `thread_summaries`' primary key, and its full id is
 * compared too, so two long ids sharing a bounded key are never confused. Its cost is one
 * index probe per id, whatever the number of threads or checkpoints.
 */
export function buildThreadTotalsStatement(
  schema: SchemaName,
  storedThreadIds: readonly string[],
): BuiltStatement {
  const params = new SqlParameters();
  const ids = params.add(storedThreadIds, "text[]");
  return {
    text: `SELECT s.thread_id, s.checkpoint_count, s.stored_bytes,
  to_char(s.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS updated_utc
FROM unnest(${ids}) AS wanted(thread_id)
JOIN ${schema.qualify(THREAD_SUMMARIES_TABLE)} s
  ON s.thread_key = ${boundedKey(schema, "wanted.thread_id")}
  AND s.thread_id = wanted.thread_id COLLATE "C"`,
    values: params.values,
  };
}
