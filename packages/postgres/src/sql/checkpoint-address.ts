import type { SchemaName } from "../schema-name.js";
import { boundedKey, checkpointOrder } from "./bounded-keys.js";
import type { SqlParameters } from "./sql-parameters.js";

/**
 * `WHERE` conditions selecting a (thread, namespace) of `checkpoints`, or one checkpoint of it
 * when `checkpointId` is given, on the primary key's columns (a probe or a range scan of it).
 */
export function checkpointAddressConditions(
  schema: SchemaName,
  params: SqlParameters,
  threadId: string,
  checkpointNs: string,
  checkpointId: string | undefined,
): string {
  const conditions = [
    `thread_key = ${boundedKey(schema, params.add(threadId, "text"))}`,
    `ns_key = ${boundedKey(schema, params.add(checkpointNs, "text"))}`,
  ];
  if (checkpointId !== undefined) {
    const id = params.add(checkpointId, "text");
    conditions.push(`checkpoint_order = ${checkpointOrder(id)}`);
    conditions.push(`checkpoint_key = ${boundedKey(schema, id)}`);
  }
  return conditions.join(" AND ");
}
