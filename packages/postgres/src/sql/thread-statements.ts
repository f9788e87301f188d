import type { SchemaName } from "../schema-name.js";
import { boundedKey } from "./bounded-keys.js";
import { addToThreadSummariesCte, deleteThreadSummariesCte } from "./thread-summary-ctes.js";
import type { BuiltStatement } from "./write-statements.js";

/**
 * Deletes a thread from the three data tables, its summary and its optimistic-concurrency
 * heads (so its next first put starts afresh) in one statement, one CTE per table. Its lease
 * stays.
 */
export function buildDeleteThreadsStatement(
  schema: SchemaName,
  threadIds: readonly string[],
): BuiltStatement {
  const keys = `ANY (ARRAY(SELECT ${boundedKey(schema, "t")} FROM unnest($1::text[]) AS t))`;
  return {
    text: `WITH deleted_checkpoints AS (
  DELETE FROM ${schema.qualify("checkpoints")} WHERE thread_key = ${keys}
), deleted_blobs AS (
  DELETE FROM ${schema.qualify("checkpoint_blobs")} WHERE thread_key = ${keys}
), deleted_writes AS (
  DELETE FROM ${schema.qualify("checkpoint_writes")} WHERE thread_key = ${keys}
), deleted_heads AS (
  DELETE FROM ${schema.qualify("checkpoint_heads")} WHERE thread_key = ${keys}
), ${deleteThreadSummariesCte(schema, `s.thread_key = ${keys}`)}
SELECT 1`,
    values: [threadIds],
  };
}

/**
 * Copies every checkpoint, blob and write of one thread to another in one statement.
 * Rows the target already has are kept (insert-if-absent), so a repeated copy is harmless.
 * The copied checkpoints keep their size records and are added to the target's summary,
 * which counts the copy as a write now.
 */
export function buildCopyThreadStatement(
  schema: SchemaName,
  fromThreadId: string,
  toThreadId: string,
): BuiltStatement {
  const checkpoints = schema.qualify("checkpoints");
  const blobs = schema.qualify("checkpoint_blobs");
  const writes = schema.qualify("checkpoint_writes");
  const source = boundedKey(schema, "$1::text");
  return {
    text: `WITH copied_checkpoints AS (
  INSERT INTO ${checkpoints} (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id,
    format_version, checkpoint_type, checkpoint, channel_versions, metadata_type, metadata,
    metadata_json, created_at, stored_size, stored_bytes)
  SELECT $2, checkpoint_ns, checkpoint_id, parent_checkpoint_id, format_version,
    checkpoint_type, checkpoint, channel_versions, metadata_type, metadata, metadata_json,
    created_at, stored_size, stored_bytes
  FROM ${checkpoints} WHERE thread_key = ${source}
  ON CONFLICT DO NOTHING
  RETURNING thread_id, stored_bytes, now() AS created_at, true AS inserted
), ${addToThreadSummariesCte(schema, { upserted: "copied_checkpoints" }, false)}, copied_blobs AS (
  INSERT INTO ${blobs} (thread_id, checkpoint_ns, channel, version, type, blob, created_at)
  SELECT $2, checkpoint_ns, channel, version, type, blob, created_at
  FROM ${blobs} WHERE thread_key = ${source}
  ON CONFLICT DO NOTHING
), copied_writes AS (
  INSERT INTO ${writes} (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, task_path,
    node, channel, type, blob, created_at)
  SELECT $2, checkpoint_ns, checkpoint_id, task_id, idx, task_path, node, channel, type, blob,
    created_at
  FROM ${writes} WHERE thread_key = ${source}
  ON CONFLICT DO NOTHING
)
SELECT 1`,
    values: [fromThreadId, toThreadId],
  };
}
