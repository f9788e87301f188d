import type { SchemaName } from "../schema-name.js";
import { type ArrayColumn, arrayRows } from "./array-rows.js";
import { FENCE_PASSED, FENCE_REFUSAL, type FenceTarget, fenceCtes } from "./fence-ctes.js";
import {
  noNewerCheckpoint,
  TRIMMED_CHECKPOINTS,
  trimSupersededCtes,
} from "./latest-history-ctes.js";
import { addPackedBytes, type PackedBytesColumns, unpackSql } from "./packed-bytes.js";
import { SqlParameters } from "./sql-parameters.js";
import { addToThreadSummariesCte } from "./thread-summary-ctes.js";
import type { BlobRow, CheckpointRow, WriteRow } from "./write-rows.js";

/**
 * Statements that store checkpoints, blobs and writes. Each is ONE statement of
 * data-modifying CTEs fed by rows of array parameters (`arrayRows`): it is atomic without
 * BEGIN/COMMIT, costs one round trip whatever the number of rows, and its text depends
 * only on which kinds of rows are present, so it is prepared once per connection.
 */
export interface WriteBatch {
  blobs: readonly BlobRow[];
  checkpoints: readonly CheckpointRow[];
  writes: readonly WriteRow[];
  /**
   * `history: "latest"`: the batch's one checkpoint replaces the older ones of its (thread,
   * namespace) (see `trimSupersededCtes`) unless a newer one is stored, and writes to a
   * checkpoint a newer one already superseded are dropped. Only `put` and `putWrites` set it.
   * @default false
   */
  latestOnly?: boolean;
  /**
   * Lease and optimistic-concurrency checks of a `put`/`putWrites` (see fence-ctes.ts): the
   * statement then writes nothing unless they pass and returns one row `{ refusal }`.
   */
  fence?: FenceTarget;
  /**
   * A check of the caller's own, decided in the same statement before anything is written
   * (the cold writer's delete fences): `ctes` come first, every data-modifying CTE adds the
   * condition `passed`, and the statement returns one row `{ passed }`. Not combined with
   * `fence` or `latestOnly`.
   */
  precondition?: (params: SqlParameters) => { ctes: string; passed: string };
}

export interface BuiltStatement {
  text: string;
  values: unknown[];
}

/** Adds one array parameter holding `pick(row)` of every row, as the column `name`. */
function column<Row>(
  params: SqlParameters,
  rows: readonly Row[],
  name: string,
  pick: (row: Row) => unknown,
  arrayType: string,
): ArrayColumn {
  return { placeholder: params.add(rows.map(pick), arrayType), name };
}

/** The offset and length columns of packed bytes, named `<prefix>_offset`, `<prefix>_length`. */
function packedColumns(packed: PackedBytesColumns, prefix: string): ArrayColumn[] {
  return [
    { placeholder: packed.offsets, name: `${prefix}_offset` },
    { placeholder: packed.lengths, name: `${prefix}_length` },
  ];
}

/** `WHERE condition`, or nothing without one. */
function whereClause(condition: string | undefined): string {
  return condition === undefined ? "" : `WHERE ${condition}`;
}

/** The condition `trimSupersededCtes` computed: the put's checkpoint is the newest. */
const PUT_IS_NEWEST = "(SELECT newest FROM latest_guard)";

function blobsCte(
  schema: SchemaName,
  params: SqlParameters,
  rows: readonly BlobRow[],
  condition: string | undefined,
): string {
  const columns = [
    column(params, rows, "thread_id", (row) => row.threadId, "text[]"),
    column(params, rows, "checkpoint_ns", (row) => row.checkpointNs, "text[]"),
    column(params, rows, "channel", (row) => row.channel, "text[]"),
    column(params, rows, "version", (row) => row.version, "text[]"),
    column(params, rows, "type", (row) => row.type, "text[]"),
  ];
  const blob = addPackedBytes(
    params,
    rows.map((row) => row.bytes),
  );
  return `inserted_blobs AS (
  INSERT INTO ${schema.qualify("checkpoint_blobs")} (thread_id, checkpoint_ns, channel, version, type, blob)
  SELECT thread_id, checkpoint_ns, channel, version, type,
    ${unpackSql(blob.packed, "blob_offset", "blob_length")}
  FROM ${arrayRows([...columns, ...packedColumns(blob, "blob")], "incoming")}
  ${whereClause(condition)}
  ON CONFLICT (thread_key, ns_key, channel_key, version_key) DO NOTHING
)`;
}

function checkpointsCte(
  schema: SchemaName,
  params: SqlParameters,
  rows: readonly CheckpointRow[],
  condition: string | undefined,
): string {
  const columns = [
    column(params, rows, "thread_id", (row) => row.threadId, "text[]"),
    column(params, rows, "checkpoint_ns", (row) => row.checkpointNs, "text[]"),
    column(params, rows, "checkpoint_id", (row) => row.checkpointId, "text[]"),
    column(params, rows, "parent_checkpoint_id", (row) => row.parentCheckpointId, "text[]"),
    column(params, rows, "format_version", (row) => row.formatVersion, "integer[]"),
    column(params, rows, "checkpoint_type", (row) => row.checkpointType, "text[]"),
    column(params, rows, "channel_versions", (row) => row.channelVersionsJson, "text[]"),
    column(params, rows, "metadata_type", (row) => row.metadataType, "text[]"),
    column(params, rows, "metadata_json", (row) => row.metadataJson, "text[]"),
    column(params, rows, "created_at", (row) => row.createdAt, "timestamptz[]"),
    column(params, rows, "stored_size", (row) => row.storedSize, "text[]"),
    column(params, rows, "stored_bytes", (row) => row.storedBytes, "bigint[]"),
  ];
  const checkpoint = addPackedBytes(
    params,
    rows.map((row) => row.checkpointBytes),
  );
  const metadata = addPackedBytes(
    params,
    rows.map((row) => row.metadataBytes),
  );
  return `upserted_checkpoints AS (
  INSERT INTO ${schema.qualify("checkpoints")} (thread_id, checkpoint_ns, checkpoint_id,
    parent_checkpoint_id, format_version, checkpoint_type, checkpoint, channel_versions,
    metadata_type, metadata, metadata_json, created_at, stored_size, stored_bytes)
  SELECT thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, format_version,
    checkpoint_type, ${unpackSql(checkpoint.packed, "checkpoint_offset", "checkpoint_length")},
    channel_versions::jsonb, metadata_type,
    ${unpackSql(metadata.packed, "metadata_offset", "metadata_length")},
    metadata_json::jsonb, coalesce(created_at, now()), stored_size, stored_bytes
  FROM ${arrayRows(
    [
      ...columns,
      ...packedColumns(checkpoint, "checkpoint"),
      ...packedColumns(metadata, "metadata"),
    ],
    "incoming",
  )}
  ${whereClause(condition)}
  ON CONFLICT (thread_key, ns_key, checkpoint_order, checkpoint_key) DO UPDATE SET
    parent_checkpoint_id = EXCLUDED.parent_checkpoint_id,
    format_version = EXCLUDED.format_version,
    checkpoint_type = EXCLUDED.checkpoint_type,
    checkpoint = EXCLUDED.checkpoint,
    channel_versions = EXCLUDED.channel_versions,
    metadata_type = EXCLUDED.metadata_type,
    metadata = EXCLUDED.metadata,
    metadata_json = EXCLUDED.metadata_json,
    stored_size = EXCLUDED.stored_size,
    stored_bytes = EXCLUDED.stored_bytes
  RETURNING thread_id, stored_bytes, created_at, (xmax = 0) AS inserted
)`;
}

const WRITE_COLUMNS =
  "thread_id, checkpoint_ns, checkpoint_id, task_id, idx, task_path, node, channel, type, blob, created_at";

/**
 * Up to two inserts fed by the same rows: special writes (`WRITES_IDX_MAP` channels) replace
 * a stored one, regular writes keep the first stored one. Their keys never overlap (special
 * writes have negative indexes), so the two CTEs never touch the same row. Only the inserts
 * the rows need are written (three statement shapes in all): a usual `putWrites` has only
 * regular writes, and with one reader PostgreSQL inlines `incoming_writes` instead of
 * materializing it.
 */
function writesCtes(
  schema: SchemaName,
  params: SqlParameters,
  rows: readonly WriteRow[],
  dropSuperseded: boolean,
  required: string | undefined,
): string {
  const table = schema.qualify("checkpoint_writes");
  const columns = [
    column(params, rows, "thread_id", (row) => row.threadId, "text[]"),
    column(params, rows, "checkpoint_ns", (row) => row.checkpointNs, "text[]"),
    column(params, rows, "checkpoint_id", (row) => row.checkpointId, "text[]"),
    column(params, rows, "task_id", (row) => row.taskId, "text[]"),
    column(params, rows, "idx", (row) => row.idx, "integer[]"),
    column(params, rows, "task_path", (row) => row.taskPath, "text[]"),
    column(params, rows, "node", (row) => row.node, "text[]"),
    column(params, rows, "channel", (row) => row.channel, "text[]"),
    column(params, rows, "type", (row) => row.type, "text[]"),
    column(params, rows, "upsert", (row) => row.upsert, "boolean[]"),
    column(params, rows, "created_at", (row) => row.createdAt, "timestamptz[]"),
  ];
  const blob = addPackedBytes(
    params,
    rows.map((row) => row.bytes),
  );
  const select = `SELECT thread_id, checkpoint_ns, checkpoint_id, task_id, idx, task_path, node,
    channel, type, ${unpackSql(blob.packed, "blob_offset", "blob_length")},
    coalesce(created_at, now()) FROM incoming_writes`;
  const notSuperseded = dropSuperseded
    ? ` AND ${noNewerCheckpoint(
        schema,
        "incoming_writes.thread_id",
        "incoming_writes.checkpoint_ns",
        "incoming_writes.checkpoint_id",
      )}`
    : "";
  const alsoRequired = `${notSuperseded}${required === undefined ? "" : ` AND ${required}`}`;
  const inserts: string[] = [];
  if (rows.some((row) => row.upsert)) {
    inserts.push(`upserted_writes AS (
  INSERT INTO ${table} (${WRITE_COLUMNS})
  ${select} WHERE upsert${alsoRequired}
  ON CONFLICT (thread_key, ns_key, checkpoint_key, task_key, idx) DO UPDATE SET
    task_path = EXCLUDED.task_path, node = EXCLUDED.node, channel = EXCLUDED.channel,
    type = EXCLUDED.type, blob = EXCLUDED.blob
)`);
  }
  if (rows.some((row) => !row.upsert)) {
    inserts.push(`inserted_writes AS (
  INSERT INTO ${table} (${WRITE_COLUMNS})
  ${select} WHERE NOT upsert${alsoRequired}
  ON CONFLICT (thread_key, ns_key, checkpoint_key, task_key, idx) DO NOTHING
)`);
  }
  return `incoming_writes AS (
  SELECT incoming.* FROM ${arrayRows([...columns, ...packedColumns(blob, "blob")], "incoming")}
), ${inserts.join(", ")}`;
}

/** One statement storing every row of `batch`; `undefined` when the batch is empty. */
export function buildWriteBatchStatement(
  schema: SchemaName,
  batch: WriteBatch,
): BuiltStatement | undefined {
  const params = new SqlParameters();
  const ctes: string[] = [];
  const latestOnly = batch.latestOnly === true;
  const fenced = batch.fence !== undefined;
  if (batch.fence !== undefined) ctes.push(fenceCtes(schema, params, batch.fence));
  const precondition = batch.precondition?.(params);
  if (precondition !== undefined) {
    if (fenced || latestOnly)
      throw new Error("a precondition is not combined with fence or latestOnly");
    ctes.push(precondition.ctes);
  }
  const [latestCheckpoint, ...others] = batch.checkpoints;
  const trims = latestOnly && latestCheckpoint !== undefined;
  if (trims) {
    // The trim keeps one checkpoint per namespace: a batch of several cannot say which.
    if (others.length > 0) throw new Error("latestOnly batches hold at most one checkpoint");
    ctes.push(
      trimSupersededCtes(schema, params, latestCheckpoint, fenced ? FENCE_PASSED : undefined),
    );
  }
  const condition =
    precondition?.passed ??
    (latestOnly && latestCheckpoint !== undefined
      ? PUT_IS_NEWEST
      : fenced
        ? FENCE_PASSED
        : undefined);
  if (batch.blobs.length > 0) ctes.push(blobsCte(schema, params, batch.blobs, condition));
  if (batch.checkpoints.length > 0) {
    ctes.push(checkpointsCte(schema, params, batch.checkpoints, condition));
    ctes.push(
      addToThreadSummariesCte(
        schema,
        {
          upserted: "upserted_checkpoints",
          deleted: trims ? TRIMMED_CHECKPOINTS : undefined,
        },
        batch.checkpoints.length === 1,
      ),
    );
  }
  if (batch.writes.length > 0) {
    ctes.push(
      writesCtes(
        schema,
        params,
        batch.writes,
        latestOnly,
        precondition?.passed ?? (fenced ? FENCE_PASSED : undefined),
      ),
    );
  }
  if (ctes.length === 0) return undefined;
  const result =
    precondition !== undefined
      ? `${precondition.passed} AS passed`
      : fenced
        ? `${FENCE_REFUSAL} AS refusal`
        : "1";
  return { text: `WITH ${ctes.join(",\n")}\nSELECT ${result}`, values: params.values };
}
