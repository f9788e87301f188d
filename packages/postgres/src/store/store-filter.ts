import type { StoreFilterCondition } from "@checkpointkit/core/internal";
import type { SqlParameters } from "../sql/sql-parameters.js";

const COMPARISONS: Readonly<Record<string, string>> = {
  $gt: ">",
  $gte: ">=",
  $lt: "<",
  $lte: "<=",
};

/**
 * One `$gt`/`$gte`/`$lt`/`$lte` (the operand is a finite number or a string: core checked
 * it): numbers compare with numbers, strings with strings (code point order); an item whose
 * field has the other type, or none, does not match. The CASE keeps the cast from ever
 * seeing a non-number (SQL does not order AND's operands).
 */
function comparison(field: string, sqlOperator: string, operand: unknown, params: SqlParameters) {
  if (typeof operand === "number") {
    return `CASE WHEN jsonb_typeof(${field}) = 'number' THEN (${field} #>> '{}')::numeric ${sqlOperator} ${params.add(operand, "numeric")} ELSE false END`;
  }
  return `CASE WHEN jsonb_typeof(${field}) = 'string' THEN (${field} #>> '{}') COLLATE "C" ${sqlOperator} ${params.add(operand, "text")} ELSE false END`;
}

/** A `$in`/`$nin` operand (an array of JSON values) as a `jsonb[]` parameter. */
function listOperand(operand: unknown, params: SqlParameters): string {
  const texts = (operand as unknown[]).map((member) => JSON.stringify(member));
  return params.add(texts, "jsonb[]");
}

function condition(
  [fieldName, operator, operand]: StoreFilterCondition,
  params: SqlParameters,
): string {
  const field = `(i.value -> ${params.add(fieldName, "text")})`;
  const sqlComparison = COMPARISONS[operator];
  if (sqlComparison !== undefined) return comparison(field, sqlComparison, operand, params);
  switch (operator) {
    case "$eq":
      return `${field} = ${params.add(JSON.stringify(operand), "jsonb")}`;
    case "$ne":
      return `${field} IS DISTINCT FROM ${params.add(JSON.stringify(operand), "jsonb")}`;
    case "$in":
      return `coalesce(${field} = ANY(${listOperand(operand, params)}), false)`;
    case "$nin":
      return `NOT coalesce(${field} = ANY(${listOperand(operand, params)}), false)`;
    default:
      // `$exists`. `->` gives SQL NULL for a missing field and JSON null for a present null one.
      return `${field} IS ${operand ? "NOT " : ""}NULL`;
  }
}

/**
 * The SQL condition of a `search` filter (conditions core's `parseStoreFilter` checked) over
 * the item alias `i`: every condition must hold. `=` on `jsonb` is deep equality (`1` never
 * equals `"1"`); `$ne` and `$nin` match items without the field, like LangGraph's
 * InMemoryStore. Field names and operands are parameters, never SQL text.
 */
export function filterCondition(
  conditions: readonly StoreFilterCondition[],
  params: SqlParameters,
): string {
  if (conditions.length === 0) return "true";
  return conditions.map((each) => condition(each, params)).join(" AND ");
}
