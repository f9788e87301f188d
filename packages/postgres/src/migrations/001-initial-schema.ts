import type { SchemaName } from "../schema-name.js";
import type { Migration } from "./migration.js";

/**
 * Tables, indexes, the value-decoding helper and the two audit views. Every text column
 * that holds a user string is `COLLATE "C"`: byte order of UTF-8 is code point order,
 * which is the order `compareWritesSortKeys` defines, and it makes the B-tree cheaper.
 */
function initialSchemaSql(schema: SchemaName): string {
  const checkpoints = schema.qualify("checkpoints");
  const blobs = schema.qualify("checkpoint_blobs");
  const writes = schema.qualify("checkpoint_writes");
  const valueJson = schema.qualify("checkpoint_value_json");
  return `
CREATE TABLE ${checkpoints} (
  thread_id text COLLATE "C" NOT NULL,
  checkpoint_ns text COLLATE "C" NOT NULL DEFAULT '',
  checkpoint_id text COLLATE "C" NOT NULL,
  parent_checkpoint_id text COLLATE "C",
  format_version integer NOT NULL,
  checkpoint_type text NOT NULL,
  checkpoint bytea NOT NULL,
  channel_versions jsonb NOT NULL,
  metadata_type text NOT NULL,
  metadata bytea NOT NULL,
  metadata_json jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id)
);
CREATE INDEX ${pgName("checkpoints_metadata_json_idx")} ON ${checkpoints} USING gin (metadata_json jsonb_path_ops);
CREATE INDEX ${pgName("checkpoints_created_at_idx")} ON ${checkpoints} (created_at);

CREATE TABLE ${blobs} (
  thread_id text COLLATE "C" NOT NULL,
  checkpoint_ns text COLLATE "C" NOT NULL DEFAULT '',
  channel text COLLATE "C" NOT NULL,
  version text COLLATE "C" NOT NULL,
  type text NOT NULL,
  blob bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (thread_id, checkpoint_ns, channel, version)
);

CREATE TABLE ${writes} (
  thread_id text COLLATE "C" NOT NULL,
  checkpoint_ns text COLLATE "C" NOT NULL DEFAULT '',
  checkpoint_id text COLLATE "C" NOT NULL,
  task_id text COLLATE "C" NOT NULL,
  idx integer NOT NULL,
  task_path text COLLATE "C" NOT NULL DEFAULT '',
  node text COLLATE "C",
  channel text COLLATE "C" NOT NULL,
  type text NOT NULL,
  blob bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, task_id, idx)
);

-- Values are stored as serde bytes; this turns the JSON ones into jsonb for ad-hoc SQL and
-- yields NULL for anything else (binary values, JSON jsonb cannot hold such as U+0000).
CREATE FUNCTION ${valueJson}(value_type text, value_bytes bytea) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $body$
BEGIN
  IF value_type IS DISTINCT FROM 'json' OR value_bytes IS NULL THEN
    RETURN NULL;
  END IF;
  RETURN convert_from(value_bytes, 'UTF8')::jsonb;
EXCEPTION WHEN OTHERS THEN
  RETURN NULL;
END
$body$;

CREATE VIEW ${schema.qualify("checkpoint_history")} AS
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
  ON c.thread_id = w.thread_id AND c.checkpoint_ns = w.checkpoint_ns AND c.checkpoint_id = w.checkpoint_id;

CREATE VIEW ${schema.qualify("checkpoint_state")} AS
SELECT c.thread_id, c.checkpoint_ns, c.checkpoint_id,
  v.key AS channel, v.value AS version, b.type,
  ${valueJson}(b.type, b.blob) AS value, c.created_at
FROM ${checkpoints} c
CROSS JOIN LATERAL jsonb_each_text(c.channel_versions) AS v(key, value)
JOIN ${blobs} b
  ON b.thread_id = c.thread_id AND b.checkpoint_ns = c.checkpoint_ns
  AND b.channel = v.key AND b.version = v.value
WHERE b.type <> 'empty';
`;
}

/** Index names live in the table's schema, so they are quoted but not qualified. */
function pgName(name: string): string {
  return `"${name}"`;
}

export const initialSchema: Migration = {
  version: 1,
  description: "checkpoints, blobs, writes, audit views",
  sql: initialSchemaSql,
};
