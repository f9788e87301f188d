import { THREAD_SUMMARIES_TABLE } from "../migrations/004-stored-sizes.js";
import type { SchemaName } from "../schema-name.js";

/*
 * `thread_summaries` (migration 4) is kept by the statements that insert or delete
 * checkpoints, in a CTE of the same statement: it never disagrees with the checkpoints it
 * counts after a commit, and keeping it costs no round trip.
 */

/**
 * Names of CTEs returning the checkpoints a statement changed, each row with `thread_id`
 * and `stored_bytes`.
 */
export interface CheckpointChanges {
  /**
   * Rows of an `INSERT ... ON CONFLICT` into checkpoints, also with `created_at` and
   * `inserted` (false for a checkpoint that was stored already: an idempotent replay, which
   * counts nothing again).
   */
  upserted: string;
  /** Rows deleted in the same statement (the `history: "latest"` trim), if any. */
  deleted?: string;
}

const SUMMARY_UPSERT = `ON CONFLICT (thread_key) DO UPDATE SET
    checkpoint_count = s.checkpoint_count + EXCLUDED.checkpoint_count,
    stored_bytes = s.stored_bytes + EXCLUDED.stored_bytes,
    updated_at = greatest(s.updated_at, EXCLUDED.updated_at)`;

/**
 * Adds the changes to the threads' summaries (creating the row of a new thread) and moves
 * their `updated_at` to the newest `created_at` written. With `oneCheckpoint` (a `put`: one
 * row in `upserted`, at most its own thread's rows in `deleted`) the row is upserted as it
 * comes, without grouping: the put's statement stays as short as it can. Otherwise rows are
 * grouped per thread and upserted in thread order, so two statements touching the same
 * threads lock their summaries in the same order.
 */
export function addToThreadSummariesCte(
  schema: SchemaName,
  changes: CheckpointChanges,
  oneCheckpoint: boolean,
): string {
  const table = `${schema.qualify(THREAD_SUMMARIES_TABLE)} AS s
    (thread_id, checkpoint_count, stored_bytes, updated_at)`;
  if (oneCheckpoint) {
    const removed = (expression: string) =>
      changes.deleted === undefined ? "" : ` - (SELECT ${expression} FROM ${changes.deleted})`;
    return `added_to_thread_summaries AS (
  INSERT INTO ${table}
  SELECT thread_id, CASE WHEN inserted THEN 1 ELSE 0 END${removed("count(*)")},
    CASE WHEN inserted THEN coalesce(stored_bytes, 0) ELSE 0 END${removed("coalesce(sum(stored_bytes), 0)")},
    created_at
  FROM ${changes.upserted}
  ${SUMMARY_UPSERT}
)`;
  }
  const deleted =
    changes.deleted === undefined
      ? ""
      : `
    UNION ALL
    SELECT thread_id, -1, -coalesce(stored_bytes, 0), NULL FROM ${changes.deleted}`;
  return `added_to_thread_summaries AS (
  INSERT INTO ${table}
  SELECT thread_id, sum(checkpoints), sum(bytes), coalesce(max(written_at), now())
  FROM (
    SELECT thread_id, CASE WHEN inserted THEN 1 ELSE 0 END AS checkpoints,
      CASE WHEN inserted THEN coalesce(stored_bytes, 0) ELSE 0 END AS bytes,
      created_at AS written_at
    FROM ${changes.upserted}${deleted}
  ) AS changes
  GROUP BY thread_id ORDER BY thread_id
  ${SUMMARY_UPSERT}
)`;
}

/**
 * Subtracts deleted checkpoints (a CTE returning `thread_key` and `stored_bytes` of each)
 * from their threads' summaries; `updated_at` stays: deleting old checkpoints is no write.
 */
export function subtractFromThreadSummariesCte(schema: SchemaName, deleted: string): string {
  return `subtracted_from_thread_summaries AS (
  UPDATE ${schema.qualify(THREAD_SUMMARIES_TABLE)} s
  SET checkpoint_count = s.checkpoint_count - d.checkpoints,
    stored_bytes = s.stored_bytes - d.bytes
  FROM (SELECT thread_key, count(*) AS checkpoints, coalesce(sum(stored_bytes), 0) AS bytes
    FROM ${deleted} GROUP BY thread_key) AS d
  WHERE s.thread_key = d.thread_key
)`;
}

/** Deletes the summaries of whole threads deleted in the same statement (`thread_key` match). */
export function deleteThreadSummariesCte(schema: SchemaName, threadKeyCondition: string): string {
  return `deleted_thread_summaries AS (
  DELETE FROM ${schema.qualify(THREAD_SUMMARIES_TABLE)} s WHERE ${threadKeyCondition}
)`;
}
