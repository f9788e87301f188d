import type { SchemaName } from "../schema-name.js";

/** How the audit views join writes to checkpoints and checkpoints to their values. */
export interface AuditViewJoins {
  /** `c` (checkpoints) to `w` (writes). */
  writeToCheckpoint: string;
  /** What `jsonb_each_text` reads the channel versions of `c` from. */
  channelVersions: string;
  /** `c` and `v(key, value)` (one channel version) to `b` (blobs). */
  checkpointToBlob: string;
}

/** Migration 1's joins, on the id columns themselves. */
export const RAW_ID_JOINS: AuditViewJoins = {
  writeToCheckpoint:
    "c.thread_id = w.thread_id AND c.checkpoint_ns = w.checkpoint_ns AND c.checkpoint_id = w.checkpoint_id",
  channelVersions: "c.channel_versions",
  checkpointToBlob: `b.thread_id = c.thread_id AND b.checkpoint_ns = c.checkpoint_ns
  AND b.channel = v.key AND b.version = v.value`,
};

/**
 * The two audit views (`checkpoint_history`, `checkpoint_state`; see the README). Migration 1
 * created them; later migrations replace them with the same columns and other joins.
 */
export function auditViewsSql(
  schema: SchemaName,
  joins: AuditViewJoins,
  create: "CREATE VIEW" | "CREATE OR REPLACE VIEW" = "CREATE VIEW",
): string {
  const checkpoints = schema.qualify("checkpoints");
  const blobs = schema.qualify("checkpoint_blobs");
  const writes = schema.qualify("checkpoint_writes");
  const valueJson = schema.qualify("checkpoint_value_json");
  return `${create} ${schema.qualify("checkpoint_history")} AS
SELECT c.thread_id, c.checkpoint_ns, c.checkpoint_id,
  'checkpoint'::text AS kind,
  CASE WHEN jsonb_typeof(c.metadata_json -> 'step') = 'number'
    THEN (c.metadata_json ->> 'step')::numeric::bigint END AS step,
  c.metadata_json ->> 'source' AS source,
  NULL::text AS node, NULL::text AS task_id, NULL::text AS task_path,
  NULL::text AS channel, NULL::integer AS write_idx,
  NULL::jsonb AS value, c.metadata_json AS metadata,
  c.parent_checkpoint_id, c.created_at
FROM ${checkpoints} c
UNION ALL
SELECT w.thread_id, w.checkpoint_ns, w.checkpoint_id,
  'write'::text AS kind,
  CASE WHEN jsonb_typeof(c.metadata_json -> 'step') = 'number'
    THEN (c.metadata_json ->> 'step')::numeric::bigint + 1 END AS step,
  NULL::text AS source,
  w.node, w.task_id, w.task_path, w.channel, w.idx AS write_idx,
  ${valueJson}(w.type, w.blob) AS value, NULL::jsonb AS metadata,
  NULL::text AS parent_checkpoint_id, w.created_at
FROM ${writes} w
LEFT JOIN ${checkpoints} c
  ON ${joins.writeToCheckpoint};

${create} ${schema.qualify("checkpoint_state")} AS
SELECT c.thread_id, c.checkpoint_ns, c.checkpoint_id,
  v.key AS channel, v.value AS version, b.type,
  ${valueJson}(b.type, b.blob) AS value, c.created_at
FROM ${checkpoints} c
CROSS JOIN LATERAL jsonb_each_text(${joins.channelVersions}) AS v(key, value)
JOIN ${blobs} b
  ON ${joins.checkpointToBlob}
WHERE b.type <> 'empty';
`;
}
