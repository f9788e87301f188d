import type { SchemaName } from "../schema-name.js";
import { boundedKey, checkpointOrder, NEWEST_CHECKPOINT_FIRST } from "./bounded-keys.js";
import { objectOrEmpty } from "./tuple-select.js";
import type { BuiltStatement } from "./write-statements.js";

/** One row of the size summary statement; see `buildSizeSummaryStatement`. */
export interface SizeSummaryRow {
  kind: "total" | "channel" | "unsummed" | "checkpoint";
  /** `channel`: the channel as a JSON string; `unsummed`, `checkpoint`: the record's text. */
  text: string | null;
  checkpoint_ns: string | null;
  checkpoint_id: string | null;
  /** The row comes from a checkpoint without a record: its names are in stored-text form. */
  legacy: boolean;
  position: string;
  checkpoint_count: string | null;
  bytes: string | null;
  stored_bytes: string | null;
}

/**
 * The size record of a checkpoint written before records were (migration 4), built from
 * what is stored: PostgreSQL keeps the serde's bytes as they are, so `octet_length` is what
 * a record would have said. Channels are the versions its parent did not have (one
 * primary-key probe per channel), under their stored-text names.
 */
function legacySizeRecord(schema: SchemaName): string {
  const checkpoints = schema.qualify("checkpoints");
  const blobs = schema.qualify("checkpoint_blobs");
  const key = (expression: string) => boundedKey(schema, expression);
  return `json_build_object('v', 1, 'o', octet_length(c.checkpoint) + octet_length(c.metadata),
    'c', (SELECT coalesce(json_agg(json_build_array(v.channel, coalesce(octet_length(b.blob), 0),
        coalesce(octet_length(b.blob), 0)) ORDER BY v.channel), '[]'::json)
      FROM jsonb_each_text(${objectOrEmpty("c.channel_versions")}) AS v(channel, version)
      JOIN ${blobs} b ON b.thread_key = c.thread_key AND b.ns_key = c.ns_key
        AND b.channel_key = ${key("v.channel")} AND b.version_key = ${key("v.version")}
      WHERE NOT EXISTS (SELECT 1 FROM ${checkpoints} p
        WHERE p.thread_key = c.thread_key AND p.ns_key = c.ns_key
          AND p.checkpoint_order = ${checkpointOrder("c.parent_checkpoint_id")}
          AND p.checkpoint_key = ${key("c.parent_checkpoint_id")}
          AND p.channel_versions ->> v.channel = v.version)))`;
}

/**
 * Records whose text holds the JSON escape of U+0000 (a channel named with it): PostgreSQL
 * can read such JSON but not take a string out of it, so they are summed by the caller.
 */
const NAMES_U0000 = "strpos(size_text, E'\\\\u0000') > 0";

/**
 * A thread's stored size in one statement, from the size records its puts stored (served
 * by the `thread_key` primary-key prefix; nothing is decoded but the small records):
 * - one `total` row: every checkpoint's `stored_bytes` summed, and the checkpoint count;
 * - `channel` rows: per channel, every record's `bytes` and `storedBytes` summed;
 * - `unsummed` rows: records naming a channel with U+0000, for the caller to add;
 * - `checkpoint` rows: the newest `$2` checkpoints' records, `position` 1 = newest.
 * Checkpoints without a record (written before migration 4) get one built from
 * `octet_length` (see `legacySizeRecord`). A record that is not JSON fails the statement
 * (SQLSTATE 22P02), which the caller reports as a damaged record.
 */
export function buildSizeSummaryStatement(
  schema: SchemaName,
  threadId: string,
  lastN: number,
): BuiltStatement {
  return {
    text: `WITH sizes AS (
  SELECT row_number() OVER (ORDER BY ${NEWEST_CHECKPOINT_FIRST}) AS position,
    c.checkpoint_ns, c.checkpoint_id, c.stored_size IS NULL AS legacy, c.stored_bytes,
    coalesce(c.stored_size, (${legacySizeRecord(schema)})::text) AS size_text
  FROM ${schema.qualify("checkpoints")} c WHERE c.thread_key = ${boundedKey(schema, "$1::text")}
), channel_sizes AS (
  SELECT s.legacy, e.value -> 0 AS channel, (e.value ->> 1)::bigint AS bytes,
    (e.value ->> 2)::bigint AS stored_bytes
  FROM sizes s CROSS JOIN LATERAL json_array_elements(s.size_text::json -> 'c') AS e(value)
  WHERE NOT ${NAMES_U0000}
), legacy_totals AS (
  SELECT (size_text::json ->> 'o')::bigint + (SELECT coalesce(sum((e.value ->> 2)::bigint), 0)
    FROM json_array_elements(size_text::json -> 'c') AS e(value)) AS stored_bytes
  FROM sizes WHERE legacy
)
SELECT 'total' AS kind, NULL::text AS text, NULL::text AS checkpoint_ns, NULL::text AS checkpoint_id,
  false AS legacy, 0::bigint AS position,
  (SELECT count(*) FROM sizes) AS checkpoint_count, NULL::numeric AS bytes,
  (SELECT coalesce(sum(stored_bytes), 0) FROM sizes WHERE NOT legacy)
    + (SELECT coalesce(sum(stored_bytes), 0) FROM legacy_totals) AS stored_bytes
UNION ALL
SELECT 'channel', channel::text, NULL, NULL, legacy, 0, NULL, sum(bytes), sum(stored_bytes)
FROM channel_sizes GROUP BY channel::text, legacy
UNION ALL
SELECT 'unsummed', size_text, checkpoint_ns, checkpoint_id, legacy, 0, NULL, NULL, NULL
FROM sizes WHERE ${NAMES_U0000}
UNION ALL
SELECT 'checkpoint', size_text, checkpoint_ns, checkpoint_id, legacy, position, NULL, NULL, NULL
FROM sizes WHERE position <= $2`,
    values: [threadId, lastN],
  };
}
