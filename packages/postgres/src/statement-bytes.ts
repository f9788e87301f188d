/**
 * Bytes of a statement's parameters or of its result rows: strings as UTF-8, buffers as they
 * are, arrays and parsed JSON walked. Measured only for a recording span (see core's
 * `isOperationRecorded`); the SQL text itself is not counted.
 */
export function valueBytes(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === "string") return Buffer.byteLength(value, "utf8");
  if (value instanceof Uint8Array) return value.byteLength;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") {
    return 8;
  }
  if (Array.isArray(value)) {
    let total = 0;
    for (const item of value) total += valueBytes(item);
    return total;
  }
  if (value instanceof Date) return 8;
  if (typeof value === "object") {
    let total = 0;
    for (const [key, item] of Object.entries(value)) {
      total += Buffer.byteLength(key, "utf8") + valueBytes(item);
    }
    return total;
  }
  return 0;
}

/** Bytes of the values of every row of a result (column names are not data). */
export function rowBytes(rows: readonly Record<string, unknown>[]): number {
  let total = 0;
  for (const row of rows) {
    for (const value of Object.values(row)) total += valueBytes(value);
  }
  return total;
}
