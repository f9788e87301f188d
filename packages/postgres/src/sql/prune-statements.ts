import type { SchemaName } from "../schema-name.js";
import { boundedKey } from "./bounded-keys.js";
import { SqlParameters } from "./sql-parameters.js";
import { deleteThreadSummariesCte, subtractFromThreadSummariesCte } from "./thread-summary-ctes.js";
import { objectOrEmpty } from "./tuple-select.js";
import type { BuiltStatement } from "./write-statements.js";

/** What one prune batch looks at; keys are in stored-text form. */
export interface PruneBatchInput {
  threadId: string | undefined;
  /** Keep this many newest checkpoints per (thread, namespace); at least 1. */
  keepLatest: number;
  olderThan: Date | undefined;
  /** The primary key of the last row the previous batch examined. */
  after: PruneCursor | undefined;
  batchSize: number;
}

/** A primary key of `checkpoints` (the bounded key columns of migration 2). */
export interface PruneCursor {
  threadKey: string;
  nsKey: string;
  checkpointOrder: string;
  checkpointKey: string;
}

export interface PruneBatchRow {
  examined: string;
  deleted: string;
  last_thread_key: string | null;
  last_ns_key: string | null;
  last_checkpoint_order: string | null;
  last_checkpoint_key: string | null;
  /** (thread, namespace) pairs that lost checkpoints, for the orphaned-blob sweep. */
  pruned_thread_ids: string[] | null;
  pruned_checkpoint_ns: string[] | null;
}

/** The primary key of `checkpoints`, in index order. */
const PRIMARY_KEY = "thread_key, ns_key, checkpoint_order, checkpoint_key";

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
    windowConditions.push(`thread_key = ${boundedKey(schema, params.add(input.threadId, "text"))}`);
  }
  if (input.after !== undefined) {
    const { threadKey, nsKey, checkpointOrder, checkpointKey } = input.after;
    windowConditions.push(
      `(${PRIMARY_KEY}) > (${[threadKey, nsKey, checkpointOrder, checkpointKey].map((value) => params.add(value, "text")).join(", ")})`,
    );
  }
  const keep = params.add(input.keepLatest, "integer");
  const victimConditions = [
    `(SELECT count(*) FROM (SELECT 1 FROM ${checkpoints} n
      WHERE n.thread_key = e.thread_key AND n.ns_key = e.ns_key
        AND n.checkpoint_order >= e.checkpoint_order AND n.checkpoint_id > e.checkpoint_id
      LIMIT ${keep}) AS newer) >= ${keep}`,
  ];
  if (input.olderThan !== undefined) {
    victimConditions.push(`e.created_at < ${params.add(input.olderThan, "timestamptz")}`);
  }
  const where = windowConditions.length > 0 ? `WHERE ${windowConditions.join(" AND ")}` : "";
  const text = `WITH examined AS (
  SELECT ${PRIMARY_KEY}, checkpoint_id, created_at FROM ${checkpoints}
  ${where}
  ORDER BY ${PRIMARY_KEY}
  LIMIT ${params.add(input.batchSize, "integer")}
), victims AS (
  SELECT e.thread_key, e.ns_key, e.checkpoint_order, e.checkpoint_key FROM examined e
  WHERE ${victimConditions.join(" AND ")}
), deleted AS (
  DELETE FROM ${checkpoints} c USING victims v
  WHERE c.thread_key = v.thread_key AND c.ns_key = v.ns_key
    AND c.checkpoint_order = v.checkpoint_order AND c.checkpoint_key = v.checkpoint_key
  RETURNING c.thread_id, c.checkpoint_ns, c.thread_key, c.stored_bytes
), ${subtractFromThreadSummariesCte(schema, "deleted")}, deleted_writes AS (
  DELETE FROM ${schema.qualify("checkpoint_writes")} w USING victims v
  WHERE w.thread_key = v.thread_key AND w.ns_key = v.ns_key
    AND w.checkpoint_key = v.checkpoint_key
), last_examined AS (
  SELECT ${PRIMARY_KEY} FROM examined
  ORDER BY thread_key DESC, ns_key DESC, checkpoint_order DESC, checkpoint_key DESC LIMIT 1
), pruned_pairs AS (
  SELECT DISTINCT thread_id, checkpoint_ns FROM deleted
)
SELECT (SELECT count(*) FROM examined) AS examined,
  (SELECT count(*) FROM deleted) AS deleted,
  (SELECT thread_key FROM last_examined) AS last_thread_key,
  (SELECT ns_key FROM last_examined) AS last_ns_key,
  (SELECT checkpoint_order FROM last_examined) AS last_checkpoint_order,
  (SELECT checkpoint_key FROM last_examined) AS last_checkpoint_key,
  (SELECT array_agg(thread_id) FROM pruned_pairs) AS pruned_thread_ids,
  (SELECT array_agg(checkpoint_ns) FROM pruned_pairs) AS pruned_checkpoint_ns`;
  return { text, values: params.values };
}

/**
 * Deletes every blob of the given (thread, namespace) pairs that no remaining checkpoint of
 * its pair references. Run after the checkpoints are gone (a separate statement: a CTE cannot
 * see deletions of its own statement). The caller bounds a statement's work by the number of
 * pairs it passes.
 *
 * The CTEs are MATERIALIZED and the orphan test is NOT IN over `referenced`, which PostgreSQL
 * runs as a hashed subplan whatever it estimates. Inlined, `referenced` became a correlated
 * subplan that expanded the pairs' channel versions again for each candidate blob; as a NOT
 * EXISTS anti-join it was planned as a nested loop over the CTE (the pairs, an unnested
 * array, are estimated at 10 rows): pairs × blobs either way, seconds per statement. Null
 * versions are left out of `referenced` (NOT IN would then keep every blob of the pair's
 * channel). There is no row limit: with one, a pair set holding more orphans than the limit
 * was read whole again by every further statement.
 */
export function buildOrphanBlobSweepStatement(
  schema: SchemaName,
  threadIds: readonly string[],
  checkpointNamespaces: readonly string[],
): BuiltStatement {
  const blobs = schema.qualify("checkpoint_blobs");
  const key = (expression: string) => boundedKey(schema, expression);
  return {
    text: `WITH pairs AS MATERIALIZED (
  SELECT DISTINCT ${key("thread_id")} AS thread_key, ${key("checkpoint_ns")} AS ns_key
  FROM unnest($1::text[], $2::text[]) AS p(thread_id, checkpoint_ns)
), referenced AS MATERIALIZED (
  SELECT c.thread_key, c.ns_key, ${key("v.channel")} AS channel_key,
    ${key("v.version")} AS version_key
  FROM pairs p
  JOIN ${schema.qualify("checkpoints")} c ON c.thread_key = p.thread_key AND c.ns_key = p.ns_key
  CROSS JOIN LATERAL jsonb_each_text(${objectOrEmpty("c.channel_versions")}) AS v(channel, version)
  WHERE v.version IS NOT NULL
), corrupt_pairs AS MATERIALIZED (
  -- A checkpoint whose channel_versions cannot be read may reference any blob: keep them all.
  SELECT DISTINCT c.thread_key, c.ns_key FROM pairs p
  JOIN ${schema.qualify("checkpoints")} c ON c.thread_key = p.thread_key AND c.ns_key = p.ns_key
  WHERE jsonb_typeof(c.channel_versions) IS DISTINCT FROM 'object'
), orphans AS (
  SELECT b.thread_key, b.ns_key, b.channel_key, b.version_key
  FROM pairs p
  JOIN ${blobs} b ON b.thread_key = p.thread_key AND b.ns_key = p.ns_key
  WHERE NOT EXISTS (
    SELECT 1 FROM corrupt_pairs x WHERE x.thread_key = p.thread_key AND x.ns_key = p.ns_key)
  AND (b.thread_key, b.ns_key, b.channel_key, b.version_key) NOT IN (
    SELECT r.thread_key, r.ns_key, r.channel_key, r.version_key FROM referenced r)
), deleted AS (
  DELETE FROM ${blobs} b USING orphans o
  WHERE b.thread_key = o.thread_key AND b.ns_key = o.ns_key
    AND b.channel_key = o.channel_key AND b.version_key = o.version_key
  RETURNING 1
)
SELECT count(*) AS deleted FROM deleted`,
    values: [threadIds, checkpointNamespaces],
  };
}

/**
 * Up to `batchSize` threads whose newest checkpoint and newest write are older than the
 * TTL, deleted from all tables (their summaries too) in the same statement.
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
  SELECT DISTINCT c.thread_key FROM ${checkpoints} c
  WHERE c.created_at < ${cutoff}
    AND NOT EXISTS (SELECT 1 FROM ${checkpoints} n
      WHERE n.thread_key = c.thread_key AND n.created_at >= ${cutoff})
    AND NOT EXISTS (SELECT 1 FROM ${writes} w
      WHERE w.thread_key = c.thread_key AND w.created_at >= ${cutoff})
  LIMIT ${params.add(batchSize, "integer")}
), deleted_checkpoints AS (
  DELETE FROM ${checkpoints} c USING expired e WHERE c.thread_key = e.thread_key
), deleted_blobs AS (
  DELETE FROM ${schema.qualify("checkpoint_blobs")} b USING expired e WHERE b.thread_key = e.thread_key
), deleted_writes AS (
  DELETE FROM ${writes} w USING expired e WHERE w.thread_key = e.thread_key
), ${deleteThreadSummariesCte(schema, "s.thread_key IN (SELECT thread_key FROM expired)")}
SELECT count(*) AS deleted FROM expired`;
  return { text, values: params.values };
}
