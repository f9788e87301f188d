import type { SchemaName } from "../schema-name.js";
import { boundedKey } from "./bounded-keys.js";
import type { SqlParameters } from "./sql-parameters.js";
import type { CheckpointRow } from "./write-rows.js";

/**
 * SQL of `history: "latest"`. Everything here runs inside the statement that stores the
 * checkpoint or the writes, so trimming costs no extra round trip and no reader ever finds
 * a namespace without its checkpoint: the new row and the removal of the old ones commit
 * together.
 */

/** Ids of the same (thread, namespace) compare as code points, like `list` orders them. */
function codePoints(expression: string): string {
  return `(${expression}) COLLATE "C"`;
}

/**
 * True when no checkpoint newer than `checkpointId` is stored in its (thread, namespace):
 * a put of it is the newest, writes to it are not superseded. Arguments are SQL expressions.
 */
export function noNewerCheckpoint(
  schema: SchemaName,
  threadId: string,
  checkpointNs: string,
  checkpointId: string,
): string {
  return `NOT EXISTS (SELECT 1 FROM ${schema.qualify("checkpoints")} newer
    WHERE newer.thread_key = ${boundedKey(schema, threadId)}
      AND newer.ns_key = ${boundedKey(schema, checkpointNs)}
      AND newer.checkpoint_id > ${codePoints(checkpointId)})`;
}

/** The CTE of `trimSupersededCtes` returning the deleted checkpoints (`thread_id`, `stored_bytes`). */
export const TRIMMED_CHECKPOINTS = "trimmed_checkpoints";

/**
 * CTEs deleting what the stored `checkpoint` supersedes in its (thread, namespace): older
 * checkpoints, their pending writes (writes to it, or to a newer one not stored yet, stay),
 * and the channel values its `channel_versions` do not name. Nothing is deleted when a
 * newer checkpoint is already stored (a late or concurrent put): that one is the latest.
 * The deletes see the table as it was before the statement, so they never touch the rows
 * this statement inserts.
 */
export function trimSupersededCtes(
  schema: SchemaName,
  params: SqlParameters,
  checkpoint: CheckpointRow,
  /** SQL that must also hold for anything to be trimmed (the write fence), if any. */
  alsoRequired = "true",
): string {
  const threadId = params.add(checkpoint.threadId, "text");
  const checkpointNs = params.add(checkpoint.checkpointNs, "text");
  const checkpointId = params.add(checkpoint.checkpointId, "text");
  const channelVersions = params.add(checkpoint.channelVersionsJson, "jsonb");
  const sameNamespace = (alias: string) =>
    `${alias}.thread_key = ${boundedKey(schema, threadId)}
    AND ${alias}.ns_key = ${boundedKey(schema, checkpointNs)}`;
  return `latest_guard AS (
  SELECT ${noNewerCheckpoint(schema, threadId, checkpointNs, checkpointId)} AND ${alsoRequired} AS newest
), ${TRIMMED_CHECKPOINTS} AS (
  DELETE FROM ${schema.qualify("checkpoints")} c
  WHERE ${sameNamespace("c")} AND c.checkpoint_id < ${codePoints(checkpointId)}
    AND (SELECT newest FROM latest_guard)
  RETURNING c.thread_id, c.stored_bytes
), trimmed_writes AS (
  DELETE FROM ${schema.qualify("checkpoint_writes")} w
  WHERE ${sameNamespace("w")} AND w.checkpoint_id < ${codePoints(checkpointId)}
    AND (SELECT newest FROM latest_guard)
), trimmed_blobs AS (
  DELETE FROM ${schema.qualify("checkpoint_blobs")} b
  WHERE ${sameNamespace("b")}
    AND NOT EXISTS (SELECT 1 FROM jsonb_each_text(${channelVersions}) AS kept(channel, version)
      WHERE b.channel = kept.channel AND b.version = kept.version)
    AND (SELECT newest FROM latest_guard)
)`;
}
