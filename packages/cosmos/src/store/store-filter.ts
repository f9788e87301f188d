import type { StoreFilterCondition } from "@checkpointkit/core/internal";

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

  condition([fieldName, operator, operand]: StoreFilterCondition): string {
    const field = `c["value"][${JSON.stringify(fieldName)}]`;
    const sqlComparison = COMPARISONS[operator];
    if (sqlComparison !== undefined) {
      // Cosmos DB compares values of different types as undefined; the type test makes the
      // rule explicit: numbers with numbers, strings with strings, nothing else matches.
      const type = typeof operand === "number" ? "IS_NUMBER" : "IS_STRING";
      return `(${type}(${field}) AND ${field} ${sqlComparison} ${this.add(operand)})`;
    }
    switch (operator) {
      case "$eq":
        return this.contains(field, [operand]);
      case "$ne":
        return `(NOT ${this.contains(field, [operand])})`;
      case "$in":
        return this.contains(field, operand as unknown[]);
      case "$nin":
        return `(NOT ${this.contains(field, operand as unknown[])})`;
      default:
        // `$exists`
        return operand ? `IS_DEFINED(${field})` : `(NOT IS_DEFINED(${field}))`;
    }
  }
}

/**
 * The conditions core's `parseStoreFilter` checked, all of which must hold: `$eq` is deep
 * JSON equality (`1` never equals `"1"`); `$ne` and `$nin` match items without the field,
 * like LangGraph's InMemoryStore. Operands are parameters; field names are JSON string
 * literals (Cosmos DB SQL takes no parameter as a property name, and its string escapes are
 * JSON's).
 */
export function compileFilter(conditions: readonly StoreFilterCondition[]): CompiledFilter {
  const builder = new FilterBuilder();
  const sql = conditions.map((condition) => builder.condition(condition));
  return {
    condition: sql.length === 0 ? "true" : sql.join(" AND "),
    parameters: builder.parameters,
  };
}
