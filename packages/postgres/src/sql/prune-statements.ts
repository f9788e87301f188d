import type { SchemaName } from "../schema-name.js";
import { SqlParameters } from "./sql-parameters.js";
import { objectOrEmpty } from "./tuple-select.js";
import type { BuiltStatement } from "./write-statements.js";

/** What one prune batch looks at; keys are in stored-text form. */
export interface PruneBatchInput {
  threadId: string | undefined;
  /** Keep this many newest checkpoints per (thread, namespace); at least 1. */
  keepLatest: number;
  olderThan: Date | undefined;
  /** The primary key of the last row the previous batch examined. */
  after: { threadId: string; checkpointNs: string; checkpointId: string } | undefined;
  batchSize: number;
}

export interface PruneBatchRow {
  examined: string;
  deleted: string;
  last_thread_id: string | null;
  last_checkpoint_ns: string | null;
  last_checkpoint_id: string | null;
  /** (thread, namespace) pairs that lost checkpoints, for the orphaned-blob sweep. */
  pruned_thread_ids: string[] | null;
  pruned_checkpoint_ns: string[] | null;
}

/**
 * One batch of `prune`: examines the next `batchSize` checkpoints in primary-key order
 * (a keyset window, so batches never re-read what earlier ones examined), deletes those
 * that have at least `keepLatest` newer checkpoints in their (thread, namespace) and match
 * `olderThan`, and deletes their writes. The newer-checkpoint count is an index range scan
 * stopped after `keepLatest` rows. The latest checkpoint of a namespace is never deleted.
 */
export function buildPruneBatchStatement(
  schema: SchemaName,
  input: PruneBatchInput,
): BuiltStatement {
  const checkpoints = schema.qualify("checkpoints");
  const params = new SqlParameters();
  const windowConditions: string[] = [];
  if (input.threadId !== undefined) {
    windowConditions.push(`thread_id = ${params.add(input.threadId, "text")}`);
  }
  if (input.after !== undefined) {
    windowConditions.push(
      `(thread_id, checkpoint_ns, checkpoint_id) > (${params.add(input.after.threadId, "text")}, ${params.add(input.after.checkpointNs, "text")}, ${params.add(input.after.checkpointId, "text")})`,
    );
  }
  const keep = params.add(input.keepLatest, "integer");
  const victimConditions = [
    `(SELECT count(*) FROM (SELECT 1 FROM ${checkpoints} n
      WHERE n.thread_id = e.thread_id AND n.checkpoint_ns = e.checkpoint_ns
        AND n.checkpoint_id > e.checkpoint_id LIMIT ${keep}) AS newer) >= ${keep}`,
  ];
  if (input.olderThan !== undefined) {
    victimConditions.push(`e.created_at < ${params.add(input.olderThan, "timestamptz")}`);
  }
  const where = windowConditions.length > 0 ? `WHERE ${windowConditions.join(" AND ")}` : "";
  const text = `WITH examined AS (
  SELECT thread_id, checkpoint_ns, checkpoint_id, created_at FROM ${checkpoints}
  ${where}
  ORDER BY thread_id, checkpoint_ns, checkpoint_id
  LIMIT ${params.add(input.batchSize, "integer")}
), victims AS (
  SELECT e.thread_id, e.checkpoint_ns, e.checkpoint_id FROM examined e
  WHERE ${victimConditions.join(" AND ")}
), deleted AS (
  DELETE FROM ${checkpoints} c USING victims v
  WHERE c.thread_id = v.thread_id AND c.checkpoint_ns = v.checkpoint_ns
    AND c.checkpoint_id = v.checkpoint_id
  RETURNING c.thread_id, c.checkpoint_ns
), deleted_writes AS (
  DELETE FROM ${schema.qualify("checkpoint_writes")} w USING victims v
  WHERE w.thread_id = v.thread_id AND w.checkpoint_ns = v.checkpoint_ns
    AND w.checkpoint_id = v.checkpoint_id
), last_examined AS (
  SELECT thread_id, checkpoint_ns, checkpoint_id FROM examined
  ORDER BY thread_id DESC, checkpoint_ns DESC, checkpoint_id DESC LIMIT 1
), pruned_pairs AS (
  SELECT DISTINCT thread_id, checkpoint_ns FROM deleted
)
SELECT (SELECT count(*) FROM examined) AS examined,
  (SELECT count(*) FROM deleted) AS deleted,
  (SELECT thread_id FROM last_examined) AS last_thread_id,
  (SELECT checkpoint_ns FROM last_examined) AS last_checkpoint_ns,
  (SELECT checkpoint_id FROM last_examined) AS last_checkpoint_id,
  (SELECT array_agg(thread_id) FROM pruned_pairs) AS pruned_thread_ids,
  (SELECT array_agg(checkpoint_ns) FROM pruned_pairs) AS pruned_checkpoint_ns`;
  return { text, values: params.values };
}

/**
 * Deletes up to `batchSize` blobs of the given (thread, namespace) pairs that no remaining
 * checkpoint of their pair references. Run after the checkpoints are gone (a separate
 * statement: a CTE cannot see deletions of its own statement).
 */
export function buildOrphanBlobSweepStatement(
  schema: SchemaName,
  threadIds: readonly string[],
  checkpointNamespaces: readonly string[],
  batchSize: number,
): BuiltStatement {
  const blobs = schema.qualify("checkpoint_blobs");
  return {
    text: `WITH pairs AS (
  SELECT DISTINCT thread_id, checkpoint_ns FROM unnest($1::text[], $2::text[])
    AS p(thread_id, checkpoint_ns)
), referenced AS (
  SELECT c.thread_id, c.checkpoint_ns, v.channel, v.version
  FROM pairs p
  JOIN ${schema.qualify("checkpoints")} c
    ON c.thread_id = p.thread_id AND c.checkpoint_ns = p.checkpoint_ns
  CROSS JOIN LATERAL jsonb_each_text(${objectOrEmpty("c.channel_versions")}) AS v(channel, version)
), corrupt_pairs AS (
  -- A checkpoint whose channel_versions cannot be read may reference any blob: keep them all.
  SELECT DISTINCT c.thread_id, c.checkpoint_ns FROM pairs p
  JOIN ${schema.qualify("checkpoints")} c
    ON c.thread_id = p.thread_id AND c.checkpoint_ns = p.checkpoint_ns
  WHERE jsonb_typeof(c.channel_versions) IS DISTINCT FROM 'object'
), orphans AS (
  SELECT b.thread_id, b.checkpoint_ns, b.channel, b.version
  FROM pairs p
  JOIN ${blobs} b ON b.thread_id = p.thread_id AND b.checkpoint_ns = p.checkpoint_ns
  WHERE NOT EXISTS (
    SELECT 1 FROM corrupt_pairs x
    WHERE x.thread_id = p.thread_id AND x.checkpoint_ns = p.checkpoint_ns)
  AND NOT EXISTS (
    SELECT 1 FROM referenced r
    WHERE r.thread_id = b.thread_id AND r.checkpoint_ns = b.checkpoint_ns
      AND r.channel = b.channel AND r.version = b.version)
  LIMIT $3
), deleted AS (
  DELETE FROM ${blobs} b USING orphans o
  WHERE b.thread_id = o.thread_id AND b.checkpoint_ns = o.checkpoint_ns
    AND b.channel = o.channel AND b.version = o.version
  RETURNING 1
)
SELECT count(*) AS deleted FROM deleted`,
    values: [threadIds, checkpointNamespaces, batchSize],
  };
}

/**
 * Up to `batchSize` threads whose newest checkpoint and newest write are older than the
 * TTL, deleted from all tables in the same statement.
 */
export function buildDeleteExpiredThreadsStatement(
  schema: SchemaName,
  ttlSeconds: number,
  batchSize: number,
): BuiltStatement {
  const checkpoints = schema.qualify("checkpoints");
  const writes = schema.qualify("checkpoint_writes");
  const params = new SqlParameters();
  const cutoff = `now() - make_interval(secs => ${params.add(ttlSeconds, "double precision")})`;
  const text = `WITH expired AS (
  SELECT DISTINCT c.thread_id FROM ${checkpoints} c
  WHERE c.created_at < ${cutoff}
    AND NOT EXISTS (SELECT 1 FROM ${checkpoints} n
      WHERE n.thread_id = c.thread_id AND n.created_at >= ${cutoff})
    AND NOT EXISTS (SELECT 1 FROM ${writes} w
      WHERE w.thread_id = c.thread_id AND w.created_at >= ${cutoff})
  LIMIT ${params.add(batchSize, "integer")}
), deleted_checkpoints AS (
  DELETE FROM ${checkpoints} c USING expired e WHERE c.thread_id = e.thread_id
), deleted_blobs AS (
  DELETE FROM ${schema.qualify("checkpoint_blobs")} b USING expired e WHERE b.thread_id = e.thread_id
), deleted_writes AS (
  DELETE FROM ${writes} w USING expired e WHERE w.thread_id = e.thread_id
)
SELECT count(*) AS deleted FROM expired`;
  return { text, values: params.values };
}
