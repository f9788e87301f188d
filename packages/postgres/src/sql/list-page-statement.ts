import type { MetadataFilterParameters } from "../metadata-projection.js";
import type { SchemaName } from "../schema-name.js";
import { boundedKey, checkpointOrder, NEWEST_CHECKPOINT_FIRST } from "./bounded-keys.js";
import { SqlParameters } from "./sql-parameters.js";
import { TUPLE_SOURCE_COLUMNS, tupleSelect } from "./tuple-select.js";
import type { BuiltStatement } from "./write-statements.js";

/** What a `list` call selects; every field is pushed into SQL. Values are in stored-text form. */
export interface ListSelection {
  threadId: string | undefined;
  checkpointNs: string | undefined;
  checkpointId: string | undefined;
  beforeCheckpointId: string | undefined;
  filter: MetadataFilterParameters | undefined;
}

/** Where the previous page ended; the next page starts strictly after it. */
export interface ListCursor {
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
}

/**
 * `checkpoint_id < id`, with the bound on `checkpoint_order` it implies (truncation keeps
 * order) spelled out, so the primary key's range scan starts at the right place.
 */
function olderThan(id: string): string {
  return `checkpoint_order <= ${checkpointOrder(id)} AND checkpoint_id < ${id}`;
}

/**
 * One page of `list`, newest `checkpoint_id` first, with keyset pagination: the cursor is
 * the last row's sort key, so each page is an index range scan and no page re-reads the
 * rows before it. With thread and namespace fixed the order is the primary key's; across
 * threads or namespaces ties on `checkpoint_id` are broken by thread, then namespace.
 */
export function buildListPageStatement(
  schema: SchemaName,
  selection: ListSelection,
  cursor: ListCursor | undefined,
  pageSize: number,
): BuiltStatement {
  const params = new SqlParameters();
  const conditions: string[] = [];
  const singleSeries = selection.threadId !== undefined && selection.checkpointNs !== undefined;
  if (selection.threadId !== undefined) {
    conditions.push(`thread_key = ${boundedKey(schema, params.add(selection.threadId, "text"))}`);
  }
  if (selection.checkpointNs !== undefined) {
    conditions.push(`ns_key = ${boundedKey(schema, params.add(selection.checkpointNs, "text"))}`);
  }
  if (selection.checkpointId !== undefined) {
    const id = params.add(selection.checkpointId, "text");
    conditions.push(`checkpoint_order = ${checkpointOrder(id)}`);
    conditions.push(`checkpoint_key = ${boundedKey(schema, id)}`);
  }
  if (selection.beforeCheckpointId !== undefined) {
    conditions.push(olderThan(params.add(selection.beforeCheckpointId, "text")));
  }
  if (selection.filter !== undefined) {
    const equals = params.add(selection.filter.equalsJson, "jsonb");
    // `@>` lets the GIN index find candidates; the per-key check then demands equality,
    // because containment alone would also accept a superset array or object.
    conditions.push(`metadata_json @> ${equals}`);
    conditions.push(`NOT EXISTS (SELECT 1 FROM jsonb_each(${equals}) AS f(key, value)
      WHERE metadata_json -> f.key IS DISTINCT FROM f.value)`);
    if (selection.filter.absentKeys.length > 0) {
      conditions.push(
        `NOT (metadata_json ?| ${params.add(selection.filter.absentKeys, "text[]")})`,
      );
    }
  }
  const orderColumns = singleSeries
    ? ["checkpoint_id"]
    : ["checkpoint_id", "thread_id", "checkpoint_ns"];
  if (singleSeries) {
    if (cursor !== undefined) conditions.push(olderThan(params.add(cursor.checkpointId, "text")));
  } else {
    if (cursor !== undefined) {
      conditions.push(
        `(checkpoint_id, thread_id, checkpoint_ns) < (${params.add(cursor.checkpointId)}, ${params.add(cursor.threadId)}, ${params.add(cursor.checkpointNs)})`,
      );
    }
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "";
  // One series is walked along the primary key; across series there is no index for the order.
  const innerOrder = singleSeries
    ? NEWEST_CHECKPOINT_FIRST
    : orderColumns.map((column) => `${column} DESC`).join(", ");
  const page = `SELECT ${TUPLE_SOURCE_COLUMNS} FROM ${schema.qualify("checkpoints")}
  ${where} ORDER BY ${innerOrder}
  LIMIT ${params.add(pageSize, "integer")}`;
  const outerOrder = orderColumns.map((column) => `c.${column} DESC`).join(", ");
  return { text: `${tupleSelect(schema, page)}\nORDER BY ${outerOrder}`, values: params.values };
}
