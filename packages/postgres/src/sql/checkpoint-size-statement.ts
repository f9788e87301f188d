import type { SchemaName } from "../schema-name.js";
import { NEWEST_CHECKPOINT_FIRST } from "./bounded-keys.js";
import { checkpointAddressConditions } from "./checkpoint-address.js";
import { SqlParameters } from "./sql-parameters.js";
import type { BuiltStatement } from "./write-statements.js";

export interface CheckpointSizeRow {
  checkpoint_ns: string;
  checkpoint_id: string;
  /** NULL for a checkpoint written before size records (migration 4). */
  stored_size: string | null;
}

/**
 * The size record of one checkpoint, or of the latest of `(thread, namespace)` without a
 * checkpoint id: one primary-key probe, like `getTuple`'s, without the values.
 */
export function buildCheckpointSizeStatement(
  schema: SchemaName,
  threadId: string,
  checkpointNs: string,
  checkpointId: string | undefined,
): BuiltStatement {
  const params = new SqlParameters();
  const where = checkpointAddressConditions(schema, params, threadId, checkpointNs, checkpointId);
  return {
    text: `SELECT checkpoint_ns, checkpoint_id, stored_size FROM ${schema.qualify("checkpoints")}
  WHERE ${where} ORDER BY ${NEWEST_CHECKPOINT_FIRST} LIMIT 1`,
    values: params.values,
  };
}
