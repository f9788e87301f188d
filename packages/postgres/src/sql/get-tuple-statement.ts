import type { SchemaName } from "../schema-name.js";
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
  const conditions = [
    `thread_id = ${params.add(threadId)}`,
    `checkpoint_ns = ${params.add(checkpointNs)}`,
  ];
  if (checkpointId !== undefined) conditions.push(`checkpoint_id = ${params.add(checkpointId)}`);
  const target = `SELECT ${TUPLE_SOURCE_COLUMNS} FROM ${schema.qualify("checkpoints")}
  WHERE ${conditions.join(" AND ")} ORDER BY checkpoint_id DESC LIMIT 1`;
  return { text: tupleSelect(schema, target), values: params.values };
}
