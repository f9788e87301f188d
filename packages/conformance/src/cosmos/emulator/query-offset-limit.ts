/**
 * `OFFSET n LIMIT m` at the end of a query, which the service runs and the base server's
 * query engine (`@zeit/cosmosdb-query`) does not parse. The clause is taken off the query,
 * the rest runs as usual, and the slice is applied to its complete result (answered in one
 * page: the test server holds little data).
 */
const OFFSET_LIMIT = /\s+OFFSET\s+(@\w+|\d+)\s+LIMIT\s+(@\w+|\d+)\s*$/i;

export interface OffsetLimit {
  /** The query without its OFFSET/LIMIT clause. */
  query: string;
  offset: number;
  limit: number;
}

function resolve(token: string, parameters: readonly { name: string; value: unknown }[]): number {
  const value = token.startsWith("@")
    ? parameters.find((parameter) => parameter.name === token)?.value
    : Number(token);
  if (!(typeof value === "number" && Number.isInteger(value) && value >= 0)) {
    throw new Error(`OFFSET and LIMIT take non-negative integers, got ${String(value)}`);
  }
  return value;
}

/** The clause of `query`, or undefined when it has none. */
export function splitOffsetLimit(
  query: string,
  parameters: readonly { name: string; value: unknown }[],
): OffsetLimit | undefined {
  const match = OFFSET_LIMIT.exec(query);
  if (match === null) return undefined;
  return {
    query: query.slice(0, match.index),
    offset: resolve(match[1] as string, parameters),
    limit: resolve(match[2] as string, parameters),
  };
}
