import type { SchemaName } from "../schema-name.js";
import { NEWEST_CHECKPOINT_FIRST } from "./bounded-keys.js";
import { checkpointAddressConditions } from "./checkpoint-address.js";
import { SqlParameters } from "./sql-parameters.js";
import { TUPLE_SOURCE_COLUMNS, tupleSelect } from "./tuple-select.js";
import type { BuiltStatement } from "./write-statements.js";

/** The latest checkpoint of `(thread, namespace)`, or the one with `checkpointId`, in one query. */
export function buildGetTupleStatement(
  schema: SchemaName,
  threadId: string,
  checkpointNs: string,
  checkpointId: string | undefined,
): BuiltStatement {
  const params = new SqlParameters();
  const where = checkpointAddressConditions(schema, params, threadId, checkpointNs, checkpointId);
  const target = `SELECT ${TUPLE_SOURCE_COLUMNS} FROM ${schema.qualify("checkpoints")}
  WHERE ${where} ORDER BY ${NEWEST_CHECKPOINT_FIRST} LIMIT 1`;
  return { text: tupleSelect(schema, target), values: params.values };
}
