import type { SchemaName } from "../schema-name.js";
import { boundedKey, NEWEST_CHECKPOINT_FIRST } from "./bounded-keys.js";
import type { BuiltStatement } from "./write-statements.js";

/** How many channels the summary names. */
export const SUMMARY_CHANNELS = 10;

/**
 * A thread's stored size in one statement, from `octet_length` of what is stored (no
 * decoding, served by the `thread_key` primary-key prefix of each table):
 * - one `total` row: every checkpoint record, metadata, blob and write of the thread, and
 *   its checkpoint count;
 * - `channel` rows: blob bytes per channel, largest first;
 * - `checkpoint` rows, newest first: each of the last `$2` checkpoints' record + metadata +
 *   the blobs it introduced (versions its parent did not have).
 */
export function buildSizeSummaryStatement(
  schema: SchemaName,
  threadId: string,
  lastN: number,
): BuiltStatement {
  const checkpoints = schema.qualify("checkpoints");
  const blobs = schema.qualify("checkpoint_blobs");
  const writes = schema.qualify("checkpoint_writes");
  const thread = boundedKey(schema, "$1::text");
  return {
    text: `WITH recent AS (
  SELECT thread_key, ns_key, checkpoint_ns, checkpoint_id, parent_checkpoint_id, channel_versions,
    octet_length(checkpoint) + octet_length(metadata) AS record_bytes,
    row_number() OVER (ORDER BY ${NEWEST_CHECKPOINT_FIRST}) AS position
  FROM ${checkpoints} WHERE thread_key = ${thread}
  ORDER BY ${NEWEST_CHECKPOINT_FIRST} LIMIT $2
), sized AS (
  SELECT r.position, r.checkpoint_ns, r.checkpoint_id, r.record_bytes + coalesce((
    SELECT sum(coalesce(octet_length(b.blob), 0))
    FROM jsonb_each_text(r.channel_versions) AS v(channel, version)
    JOIN ${blobs} b ON b.thread_key = r.thread_key AND b.ns_key = r.ns_key
      AND b.channel = v.channel AND b.version = v.version
    WHERE NOT EXISTS (
      SELECT 1 FROM ${checkpoints} p
      WHERE p.thread_key = r.thread_key AND p.ns_key = r.ns_key
        AND p.checkpoint_id = r.parent_checkpoint_id
        AND p.channel_versions ->> v.channel = v.version)
  ), 0) AS stored_bytes
  FROM recent r
), channels AS (
  SELECT channel, sum(coalesce(octet_length(blob), 0)) AS bytes
  FROM ${blobs} WHERE thread_key = ${thread}
  GROUP BY channel ORDER BY bytes DESC, channel LIMIT ${SUMMARY_CHANNELS}
)
SELECT 'total' AS kind, NULL::text AS name, NULL::text AS ns, 0::bigint AS position,
  (SELECT coalesce(sum(octet_length(checkpoint) + octet_length(metadata)), 0)
     FROM ${checkpoints} WHERE thread_key = ${thread})
  + (SELECT coalesce(sum(coalesce(octet_length(blob), 0)), 0) FROM ${blobs} WHERE thread_key = ${thread})
  + (SELECT coalesce(sum(octet_length(blob)), 0) FROM ${writes} WHERE thread_key = ${thread})
  AS bytes,
  (SELECT count(*) FROM ${checkpoints} WHERE thread_key = ${thread}) AS checkpoint_count
UNION ALL
SELECT 'channel', channel, NULL, 0, bytes, NULL FROM channels
UNION ALL
SELECT 'checkpoint', checkpoint_id, checkpoint_ns, position, stored_bytes, NULL FROM sized`,
    values: [threadId, lastN],
  };
}
