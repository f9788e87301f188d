import { InvalidConfigError } from "@checkpointkit/core";

/** One condition the Lua search checks: `[field, operator, operand]`. */
export type FilterCondition = [field: string, operator: string, operand: unknown];

const OPERATORS = new Set(["$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists"]);
const COMPARISONS = new Set(["$gt", "$gte", "$lt", "$lte"]);

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

/** Refuses operands JSON would alter (NaN, functions, bigints); returns them unchanged. */
function jsonOperand(operand: unknown): unknown {
  const text = JSON.stringify(operand, (_key, member: unknown) => {
    if (typeof member === "number" && !Number.isFinite(member)) refuse("operands must be finite");
    if (typeof member === "bigint" || typeof member === "function" || typeof member === "symbol") {
      refuse("operands must be JSON values");
    }
    return member;
  });
  if (text === undefined) refuse("operands must be JSON values");
  return operand;
}

function operatorCondition(field: string, name: string, operand: unknown): FilterCondition {
  if (!OPERATORS.has(name)) {
    refuse(
      `operator ${JSON.stringify(name)} is not one of $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists`,
    );
  }
  if (COMPARISONS.has(name)) {
    const comparable =
      (typeof operand === "number" && Number.isFinite(operand)) || typeof operand === "string";
    if (!comparable) refuse("comparison operands must be finite numbers or strings");
  }
  if ((name === "$in" || name === "$nin") && !Array.isArray(operand)) {
    refuse("$in and $nin take an array");
  }
  if (name === "$exists" && typeof operand !== "boolean") refuse("$exists takes true or false");
  return [field, name, jsonOperand(operand)];
}

/**
 * The conditions of a `search` filter, all of which must hold; the same semantics as
 * PostgresStore: a plain value equals a field of equal JSON (deep; `1` never equals `"1"`),
 * `$gt`..`$lte` compare numbers with numbers and strings with strings (code point order),
 * `$ne` and `$nin` match items without the field, `$exists` tells a present `null` from a
 * missing field. Field names are top-level property names, never paths or patterns.
 */
export function compileFilter(filter: unknown): FilterCondition[] {
  if (filter === undefined || filter === null) return [];
  if (typeof filter !== "object" || Array.isArray(filter)) refuse("must be an object");
  const conditions: FilterCondition[] = [];
  for (const [field, expected] of Object.entries(filter)) {
    if (isOperatorObject(expected)) {
      for (const [name, operand] of Object.entries(expected)) {
        conditions.push(operatorCondition(field, name, operand));
      }
    } else {
      conditions.push([field, "$eq", jsonOperand(expected)]);
    }
  }
  return conditions;
}
