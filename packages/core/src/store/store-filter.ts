import { InvalidConfigError } from "../errors/index.js";

export const STORE_FILTER_OPERATORS = [
  "$eq",
  "$ne",
  "$gt",
  "$gte",
  "$lt",
  "$lte",
  "$in",
  "$nin",
  "$exists",
] as const;

export type StoreFilterOperator = (typeof STORE_FILTER_OPERATORS)[number];

/**
 * One condition of a `search` filter, all of which must hold: a top-level field name, its
 * operator (a plain value is `$eq`) and the operand in its JSON form (`$in`/`$nin`: an array
 * of them). A tuple, so a backend can send it as is (RedisStore's script reads it).
 */
export type StoreFilterCondition = [field: string, operator: StoreFilterOperator, operand: unknown];

const OPERATORS: ReadonlySet<string> = new Set(STORE_FILTER_OPERATORS);
const COMPARISONS: ReadonlySet<string> = new Set(["$gt", "$gte", "$lt", "$lte"]);

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

/** The operand as JSON keeps it; refused (also deep inside) where JSON would alter it. */
function jsonOperand(operand: unknown): unknown {
  const text = JSON.stringify(operand, (_key, member: unknown) => {
    if (typeof member === "number" && !Number.isFinite(member)) refuse("operands must be finite");
    if (typeof member === "bigint" || typeof member === "function" || typeof member === "symbol") {
      refuse("operands must be JSON values");
    }
    return member;
  });
  if (text === undefined) refuse("operands must be JSON values");
  return JSON.parse(text);
}

function operatorCondition(field: string, name: string, operand: unknown): StoreFilterCondition {
  if (!OPERATORS.has(name)) {
    refuse(
      `operator ${JSON.stringify(name)} is not one of $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists`,
    );
  }
  const operator = name as StoreFilterOperator;
  if (COMPARISONS.has(operator)) {
    const comparable =
      (typeof operand === "number" && Number.isFinite(operand)) || typeof operand === "string";
    if (!comparable) refuse("comparison operands must be finite numbers or strings");
    return [field, operator, operand];
  }
  if (operator === "$in" || operator === "$nin") {
    if (!Array.isArray(operand)) refuse("$in and $nin take an array");
    return [field, operator, operand.map(jsonOperand)];
  }
  if (operator === "$exists") {
    if (typeof operand !== "boolean") refuse("$exists takes true or false");
    return [field, operator, operand];
  }
  return [field, operator, jsonOperand(operand)];
}

/**
 * Validates a `search` filter and returns its conditions; every store gives them the same
 * meaning: a plain value equals a field of equal JSON (deep; `1` never equals `"1"`),
 * `$gt`..`$lte` compare numbers with numbers and strings with strings (code point order),
 * `$ne` and `$nin` match items without the field (like LangGraph's InMemoryStore), `$exists`
 * tells a present `null` from a missing field. Field names are top-level property names,
 * never paths or patterns. Throws `InvalidConfigError` (field `filter`).
 */
export function parseStoreFilter(filter: unknown): StoreFilterCondition[] {
  if (filter === undefined || filter === null) return [];
  if (typeof filter !== "object" || Array.isArray(filter)) refuse("must be an object");
  const conditions: StoreFilterCondition[] = [];
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
