import type { SchemaName } from "../schema-name.js";
import { boundedKey } from "./bounded-keys.js";

/** The columns `decodeTupleRow` reads: one checkpoint with its values and writes. */
export interface TupleRow {
  thread_id: string;
  checkpoint_ns: string;
  checkpoint_id: string;
  parent_checkpoint_id: string | null;
  format_version: number;
  checkpoint_type: string;
  checkpoint: Buffer;
  metadata_type: string;
  metadata: Buffer;
  /** False when `channel_versions` is not a JSON object: the row is corrupt. */
  channel_versions_ok: boolean;
  blob_channels: string[] | null;
  blob_types: string[] | null;
  blob_lengths: number[] | null;
  /** The blobs' bytes concatenated in aggregate order; see `unpackBytes`. */
  blob_bytes: Buffer | null;
  write_task_ids: string[] | null;
  write_channels: string[] | null;
  write_types: string[] | null;
  write_lengths: number[] | null;
  write_bytes: Buffer | null;
  send_types: string[] | null;
  send_lengths: number[] | null;
  send_bytes: Buffer | null;
}

/** Code point order of `writesSortKey`, given the columns are `COLLATE "C"`. */
const WRITE_ORDER = "w.task_path, w.task_id, w.idx";

/**
 * Values come back as one concatenated `bytea` plus lengths per kind (see `packed-bytes`):
 * a `bytea[]` result would be hex inside an array literal, parsed character by character.
 *
 * `SELECT` list and lateral joins that turn rows of the derived table `c` (checkpoints)
 * into complete tuples in the same statement: the blobs named by `channel_versions`, the
 * pending writes in `writesSortKey` order, and — only for checkpoints older than format
 * 4 — the parent's pending sends, which the pending-sends migration needs.
 */
export function tupleSelect(schema: SchemaName, checkpointsSubquery: string): string {
  const blobs = schema.qualify("checkpoint_blobs");
  const writes = schema.qualify("checkpoint_writes");
  return `SELECT c.thread_id, c.checkpoint_ns, c.checkpoint_id, c.parent_checkpoint_id,
  c.format_version, c.checkpoint_type, c.checkpoint, c.metadata_type, c.metadata,
  jsonb_typeof(c.channel_versions) = 'object' AS channel_versions_ok,
  b.blob_channels, b.blob_types, b.blob_lengths, b.blob_bytes,
  w.write_task_ids, w.write_channels, w.write_types, w.write_lengths, w.write_bytes,
  s.send_types, s.send_lengths, s.send_bytes
FROM (${checkpointsSubquery}) c
LEFT JOIN LATERAL (
  SELECT array_agg(bl.channel ORDER BY bl.channel) AS blob_channels,
    array_agg(bl.type ORDER BY bl.channel) AS blob_types,
    array_agg(length(bl.blob) ORDER BY bl.channel) AS blob_lengths,
    string_agg(bl.blob, ''::bytea ORDER BY bl.channel) AS blob_bytes
  FROM jsonb_each_text(${objectOrEmpty("c.channel_versions")}) AS v(channel, version)
  CROSS JOIN LATERAL (
    -- One primary-key probe per channel; LIMIT keeps the planner from turning this into a
    -- hash join over every blob of the thread, which grows with the thread's history.
    SELECT bl.channel, bl.type, bl.blob FROM ${blobs} bl
    WHERE bl.thread_key = c.thread_key AND bl.ns_key = c.ns_key
      AND bl.channel_key = ${boundedKey(schema, "v.channel")}
      AND bl.version_key = ${boundedKey(schema, "v.version")} AND bl.type <> 'empty'
    LIMIT 1
  ) bl
) b ON true
LEFT JOIN LATERAL (
  SELECT array_agg(w.task_id ORDER BY ${WRITE_ORDER}) AS write_task_ids,
    array_agg(w.channel ORDER BY ${WRITE_ORDER}) AS write_channels,
    array_agg(w.type ORDER BY ${WRITE_ORDER}) AS write_types,
    array_agg(length(w.blob) ORDER BY ${WRITE_ORDER}) AS write_lengths,
    string_agg(w.blob, ''::bytea ORDER BY ${WRITE_ORDER}) AS write_bytes
  FROM ${writes} w
  WHERE w.thread_key = c.thread_key AND w.ns_key = c.ns_key
    AND w.checkpoint_key = c.checkpoint_key
) w ON true
LEFT JOIN LATERAL (
  SELECT array_agg(w.type ORDER BY ${WRITE_ORDER}) AS send_types,
    array_agg(length(w.blob) ORDER BY ${WRITE_ORDER}) AS send_lengths,
    string_agg(w.blob, ''::bytea ORDER BY ${WRITE_ORDER}) AS send_bytes
  FROM ${writes} w
  WHERE c.format_version < 4 AND c.parent_checkpoint_id IS NOT NULL
    AND w.thread_key = c.thread_key AND w.ns_key = c.ns_key
    AND w.checkpoint_key = ${boundedKey(schema, "c.parent_checkpoint_id")}
    AND w.channel = '__pregel_tasks'
) s ON true`;
}

/**
 * `jsonb_each_text` fails the whole statement on anything but an object; a corrupt row must
 * fail alone (as a `CorruptCheckpointError` naming it), not every tuple of the listing.
 */
export function objectOrEmpty(jsonbColumn: string): string {
  return `CASE WHEN jsonb_typeof(${jsonbColumn}) = 'object' THEN ${jsonbColumn} ELSE '{}'::jsonb END`;
}

/** Columns of `checkpoints` the derived table must expose to `tupleSelect`. */
export const TUPLE_SOURCE_COLUMNS = `thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id,
  format_version, checkpoint_type, checkpoint, channel_versions, metadata_type, metadata,
  thread_key, ns_key, checkpoint_key`;
