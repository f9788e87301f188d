import type { SchemaName } from "../schema-name.js";
import { type AuditViewJoins, auditViewsSql } from "./audit-views.js";
import type { Migration } from "./migration.js";

/**
 * Ids of any length. A B-tree row holds at most about 2.7 KB, so the primary keys of
 * migration 1 refused long thread ids, namespaces, checkpoint ids, task ids and channels.
 * The keys are now generated columns holding a bounded form of each id (`thread_key`,
 * `ns_key`, `checkpoint_key`, ...; see `keyFunction`), and the checkpoint id's first 100 characters (`checkpoint_order`),
 * which sorts like the id itself: truncation keeps code point order, so ordering by
 * `checkpoint_order, checkpoint_id` is the id's order and the index serves it.
 */
function boundedKeysSql(schema: SchemaName): string {
  const checkpoints = schema.qualify("checkpoints");
  const blobs = schema.qualify("checkpoint_blobs");
  const writes = schema.qualify("checkpoint_writes");
  const key = schema.qualify(BOUNDED_KEY_FUNCTION);
  const generatedKey = (column: string) =>
    `text COLLATE "C" GENERATED ALWAYS AS (${key}(${column})) STORED`;
  return `
${keyFunction(key)}

ALTER TABLE ${checkpoints} DROP CONSTRAINT checkpoints_pkey,
  ADD COLUMN thread_key ${generatedKey("thread_id")},
  ADD COLUMN ns_key ${generatedKey("checkpoint_ns")},
  ADD COLUMN checkpoint_order text COLLATE "C" GENERATED ALWAYS AS (left(checkpoint_id, ${CHECKPOINT_ORDER_CHARS})) STORED,
  ADD COLUMN checkpoint_key ${generatedKey("checkpoint_id")};
ALTER TABLE ${checkpoints} ADD PRIMARY KEY (thread_key, ns_key, checkpoint_order, checkpoint_key);

ALTER TABLE ${blobs} DROP CONSTRAINT checkpoint_blobs_pkey,
  ADD COLUMN thread_key ${generatedKey("thread_id")},
  ADD COLUMN ns_key ${generatedKey("checkpoint_ns")},
  ADD COLUMN channel_key ${generatedKey("channel")},
  ADD COLUMN version_key ${generatedKey("version")};
ALTER TABLE ${blobs} ADD PRIMARY KEY (thread_key, ns_key, channel_key, version_key);

ALTER TABLE ${writes} DROP CONSTRAINT checkpoint_writes_pkey,
  ADD COLUMN thread_key ${generatedKey("thread_id")},
  ADD COLUMN ns_key ${generatedKey("checkpoint_ns")},
  ADD COLUMN checkpoint_key ${generatedKey("checkpoint_id")},
  ADD COLUMN task_key ${generatedKey("task_id")};
ALTER TABLE ${writes} ADD PRIMARY KEY (thread_key, ns_key, checkpoint_key, task_key, idx);

${auditViewsSql(schema, keyJoins(key), "CREATE OR REPLACE VIEW")}
`;
}

/**
 * The audit views' joins on the key columns, so they use the primary keys; a checkpoint whose
 * `channel_versions` is not an object shows no values instead of failing the whole view.
 */
function keyJoins(key: string): AuditViewJoins {
  return {
    writeToCheckpoint: `c.thread_key = w.thread_key AND c.ns_key = w.ns_key
    AND c.checkpoint_order = left(w.checkpoint_id, ${CHECKPOINT_ORDER_CHARS})
    AND c.checkpoint_key = w.checkpoint_key`,
    channelVersions: `CASE WHEN jsonb_typeof(c.channel_versions) = 'object' THEN c.channel_versions ELSE '{}'::jsonb END`,
    checkpointToBlob: `b.thread_key = c.thread_key AND b.ns_key = c.ns_key
  AND b.channel_key = ${key}(v.key) AND b.version_key = ${key}(v.value)`,
  };
}

/** The SQL function computing the bounded key columns; see `keyFunction`. */
export const BOUNDED_KEY_FUNCTION = "bounded_key";

/** Characters of the checkpoint id kept in `checkpoint_order`: at most 400 bytes of UTF-8. */
export const CHECKPOINT_ORDER_CHARS = 100;

/**
 * The bounded form of an id: the id itself up to 400 bytes, else its first 100 characters,
 * U+0001 U+0003 and the SHA-256 of the whole id. Injective: stored text never contains
 * U+0001 U+0003 (see `toStoredText`), so no short id equals a long id's form, and two long
 * ids share a form only if SHA-256 collides. Declared IMMUTABLE although `convert_to` is
 * only STABLE: converting to UTF-8 depends on the database encoding alone, fixed for life.
 */
function keyFunction(key: string): string {
  return `CREATE FUNCTION ${key}(id text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $body$
  SELECT CASE WHEN octet_length(id) <= 400 THEN id
    ELSE left(id, 100) || chr(1) || chr(3) || encode(sha256(convert_to(id, 'UTF8')), 'hex')
  END
$body$;`;
}

export const boundedKeys: Migration = {
  version: 2,
  description: "bounded key columns: ids of any length",
  sql: boundedKeysSql,
};
