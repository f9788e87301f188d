/**
 * `SELECT DISTINCT ...`, which the service runs and the base server's query engine does not
 * parse: the keyword is taken off, the rest runs as usual, and equal results (equal JSON)
 * are kept once, in first-seen order.
 */
const DISTINCT = /^(\s*SELECT\s+)DISTINCT\s+/i;

/** The query without DISTINCT, or undefined when it has none. */
export function withoutDistinct(query: string): string | undefined {
  const match = DISTINCT.exec(query);
  return match === null ? undefined : `${match[1]}${query.slice(match[0].length)}`;
}

export function distinctResults(results: readonly unknown[]): unknown[] {
  const seen = new Set<string>();
  return results.filter((result) => {
    const identity = JSON.stringify(result);
    if (seen.has(identity)) return false;
    seen.add(identity);
    return true;
  });
}
