import { InvalidConfigError } from "@checkpointkit/core";
import type { SqlParameters } from "../sql/sql-parameters.js";

const COMPARISONS: Readonly<Record<string, string>> = {
  $gt: ">",
  $gte: ">=",
  $lt: "<",
  $lte: "<=",
};

function refuse(message: string): never {
  throw new InvalidConfigError(`filter ${message}`, { field: "filter" });
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const names = Object.keys(value);
  const operators = names.filter((name) => name.startsWith("$"));
  if (operators.length > 0 && operators.length < names.length) {
    refuse("mixes operators ($...) and plain fields in one object");
  }
  return operators.length > 0;
}

/** A filter operand as `jsonb` text; refused when JSON would alter it. */
function jsonOperand(value: unknown): string {
  if (typeof value === "number" && !Number.isFinite(value)) refuse("operands must be finite");
  const text = JSON.stringify(value);
  if (text === undefined) refuse("operands must be JSON values");
  return text;
}

/**
 * One `$gt`/`$gte`/`$lt`/`$lte`: numbers compare with numbers, strings with strings (code
 * point order); an item whose field has the other type, or none, does not match. The CASE
 * keeps the cast from ever seeing a non-number (SQL does not order AND's operands).
 */
function comparison(field: string, sqlOperator: string, operand: unknown, params: SqlParameters) {
  if (typeof operand === "number" && Number.isFinite(operand)) {
    return `CASE WHEN jsonb_typeof(${field}) = 'number' THEN (${field} #>> '{}')::numeric ${sqlOperator} ${params.add(operand, "numeric")} ELSE false END`;
  }
  if (typeof operand === "string") {
    return `CASE WHEN jsonb_typeof(${field}) = 'string' THEN (${field} #>> '{}') COLLATE "C" ${sqlOperator} ${params.add(operand, "text")} ELSE false END`;
  }
  return refuse("comparison operands must be finite numbers or strings");
}

function listOperand(operand: unknown, params: SqlParameters): string {
  if (!Array.isArray(operand)) refuse("$in and $nin take an array");
  return params.add(operand.map(jsonOperand), "jsonb[]");
}

function operatorCondition(
  field: string,
  name: string,
  operand: unknown,
  params: SqlParameters,
): string {
  const sqlComparison = COMPARISONS[name];
  if (sqlComparison !== undefined) return comparison(field, sqlComparison, operand, params);
  switch (name) {
    case "$eq":
      return `${field} = ${params.add(jsonOperand(operand), "jsonb")}`;
    case "$ne":
      return `${field} IS DISTINCT FROM ${params.add(jsonOperand(operand), "jsonb")}`;
    case "$in":
      return `coalesce(${field} = ANY(${listOperand(operand, params)}), false)`;
    case "$nin":
      return `NOT coalesce(${field} = ANY(${listOperand(operand, params)}), false)`;
    case "$exists":
      if (typeof operand !== "boolean") refuse("$exists takes true or false");
      // `->` gives SQL NULL for a missing field and JSON null for a present null one.
      return `${field} IS ${operand ? "NOT " : ""}NULL`;
    default:
      return refuse(
        `operator ${JSON.stringify(name)} is not one of $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists`,
      );
  }
}

/**
 * The SQL condition of a `search` filter over the item alias `i`: every top-level field
 * must match. A plain value matches a field of equal JSON (deep for objects and arrays;
 * `1` never equals `"1"`); operator objects compare as `operatorCondition` says. `$ne` and
 * `$nin` match items without the field, like LangGraph's InMemoryStore. Field names and
 * operands are parameters, never SQL text.
 */
export function filterCondition(filter: unknown, params: SqlParameters): string {
  if (filter === undefined || filter === null) return "true";
  if (typeof filter !== "object" || Array.isArray(filter)) refuse("must be an object");
  const conditions: string[] = [];
  for (const [fieldName, expected] of Object.entries(filter)) {
    const field = `(i.value -> ${params.add(fieldName, "text")})`;
    if (isOperatorObject(expected)) {
      for (const [name, operand] of Object.entries(expected)) {
        conditions.push(operatorCondition(field, name, operand, params));
      }
    } else {
      conditions.push(`${field} = ${params.add(jsonOperand(expected), "jsonb")}`);
    }
  }
  return conditions.length === 0 ? "true" : conditions.join(" AND ");
}
