import { InvalidConfigError } from "@checkpointkit/core";

/** A `search` filter as a Cosmos DB SQL condition over the item alias `c`, with its parameters. */
export interface CompiledFilter {
  condition: string;
  parameters: { name: string; value: unknown }[];
}

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

function jsonOperand(value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) refuse("operands must be finite");
  const text = JSON.stringify(value);
  if (text === undefined) refuse("operands must be JSON values");
  return JSON.parse(text);
}

class FilterBuilder {
  readonly parameters: { name: string; value: unknown }[] = [];

  add(value: unknown): string {
    const name = `@filter${this.parameters.length}`;
    this.parameters.push({ name, value });
    return name;
  }

  /** Membership as a boolean: `ARRAY_CONTAINS` compares deeply and never yields undefined. */
  contains(field: string, values: unknown[]): string {
    return `(IS_DEFINED(${field}) AND ARRAY_CONTAINS(${this.add(values)}, ${field}))`;
  }

  operator(field: string, name: string, operand: unknown): string {
    const sqlComparison = COMPARISONS[name];
    if (sqlComparison !== undefined) {
      // Cosmos DB compares values of different types as undefined; the type test makes the
      // rule explicit: numbers with numbers, strings with strings, nothing else matches.
      if (typeof operand === "number" && Number.isFinite(operand)) {
        return `(IS_NUMBER(${field}) AND ${field} ${sqlComparison} ${this.add(operand)})`;
      }
      if (typeof operand === "string") {
        return `(IS_STRING(${field}) AND ${field} ${sqlComparison} ${this.add(operand)})`;
      }
      return refuse("comparison operands must be finite numbers or strings");
    }
    switch (name) {
      case "$eq":
        return this.contains(field, [jsonOperand(operand)]);
      case "$ne":
        return `(NOT ${this.contains(field, [jsonOperand(operand)])})`;
      case "$in":
      case "$nin": {
        if (!Array.isArray(operand)) refuse("$in and $nin take an array");
        const membership = this.contains(field, operand.map(jsonOperand));
        return name === "$in" ? membership : `(NOT ${membership})`;
      }
      case "$exists":
        if (typeof operand !== "boolean") refuse("$exists takes true or false");
        return operand ? `IS_DEFINED(${field})` : `(NOT IS_DEFINED(${field}))`;
      default:
        return refuse(
          `operator ${JSON.stringify(name)} is not one of $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists`,
        );
    }
  }
}

/**
 * Every top-level field must match: a plain value equals a field of equal JSON (`1` never
 * equals `"1"`); `$ne` and `$nin` match items without the field, like LangGraph's
 * InMemoryStore. Operands are parameters; field names are JSON string literals (Cosmos DB
 * SQL takes no parameter as a property name, and its string escapes are JSON's).
 */
export function compileFilter(filter: unknown): CompiledFilter {
  const builder = new FilterBuilder();
  if (filter === undefined || filter === null) return { condition: "true", parameters: [] };
  if (typeof filter !== "object" || Array.isArray(filter)) refuse("must be an object");
  const conditions: string[] = [];
  for (const [fieldName, expected] of Object.entries(filter)) {
    const field = `c["value"][${JSON.stringify(fieldName)}]`;
    if (isOperatorObject(expected)) {
      for (const [name, operand] of Object.entries(expected)) {
        conditions.push(builder.operator(field, name, operand));
      }
    } else {
      conditions.push(builder.contains(field, [jsonOperand(expected)]));
    }
  }
  return {
    condition: conditions.length === 0 ? "true" : conditions.join(" AND "),
    parameters: builder.parameters,
  };
}
