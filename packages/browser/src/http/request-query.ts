import { InvalidConfigError } from "@checkpointkit/core";

/** Thrown for a request the browser cannot answer as asked; becomes HTTP 400. */
export class BadRequest extends Error {}

export function requiredParameter(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (value === null || value === "") throw new BadRequest(`the "${name}" parameter is required`);
  return value;
}

/** Absent → undefined; present (even empty) → its value: `ns=` is the root namespace. */
export function optionalParameter(query: URLSearchParams, name: string): string | undefined {
  return query.get(name) ?? undefined;
}

export function boundedInteger(
  query: URLSearchParams,
  name: string,
  fallback: number,
  maximum: number,
): number {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new BadRequest(`"${name}" must be a positive integer`);
  return Math.min(value, maximum);
}

export function nonNegativeInteger(query: URLSearchParams, name: string): number {
  const raw = query.get(name);
  if (raw === null || raw === "") return 0;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new BadRequest(`"${name}" must be a non-negative integer`);
  }
  return value;
}

/**
 * `meta=key=value` parameters (repeatable) as a `list` metadata filter. A value that parses as
 * JSON is compared as that JSON (`step=3` is the number 3), anything else as a string.
 */
export function metadataFilter(entries: readonly string[]): Record<string, unknown> | undefined {
  const filter: Record<string, unknown> = {};
  for (const entry of entries) {
    if (entry.trim() === "") continue;
    const separator = entry.indexOf("=");
    if (separator <= 0) throw new BadRequest('a metadata filter is "key=value"');
    const raw = entry.slice(separator + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // Not JSON: compared as the text itself.
    }
    filter[entry.slice(0, separator).trim()] = value;
  }
  return Object.keys(filter).length === 0 ? undefined : filter;
}

/** A saver's refusal of the request's ids or filter (e.g. a lone surrogate) is the caller's. */
export function isCallerError(error: unknown): boolean {
  return error instanceof BadRequest || InvalidConfigError.isInstance(error);
}
