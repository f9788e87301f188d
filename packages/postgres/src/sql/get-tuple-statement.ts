import type { SchemaName } from "../schema-name.js";
import { boundedKey, checkpointOrder, NEWEST_CHECKPOINT_FIRST } from "./bounded-keys.js";
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
    `thread_key = ${boundedKey(schema, params.add(threadId, "text"))}`,
    `ns_key = ${boundedKey(schema, params.add(checkpointNs, "text"))}`,
  ];
  if (checkpointId !== undefined) {
    const id = params.add(checkpointId, "text");
    conditions.push(`checkpoint_order = ${checkpointOrder(id)}`);
    conditions.push(`checkpoint_key = ${boundedKey(schema, id)}`);
  }
  const target = `SELECT ${TUPLE_SOURCE_COLUMNS} FROM ${schema.qualify("checkpoints")}
  WHERE ${conditions.join(" AND ")} ORDER BY ${NEWEST_CHECKPOINT_FIRST} LIMIT 1`;
  return { text: tupleSelect(schema, target), values: params.values };
}
