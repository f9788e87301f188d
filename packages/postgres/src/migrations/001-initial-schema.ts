import type { SchemaName } from "../schema-name.js";
import { auditViewsSql, RAW_ID_JOINS } from "./audit-views.js";
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

${auditViewsSql(schema, RAW_ID_JOINS)}
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
