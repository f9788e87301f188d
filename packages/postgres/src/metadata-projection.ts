import { toStoredText } from "./stored-text.js";

/**
 * Metadata is stored twice: the serde bytes (the faithful copy every read uses) and this
 * JSONB projection, which exists for `list` filters, the GIN index and SQL audit queries.
 * JSONB rejects U+0000 in strings and keys, so every string goes through `toStoredText`;
 * values JSON cannot express follow `JSON.stringify` (Dates become ISO strings, Maps and
 * Sets become arrays of entries/items, bigints become decimal strings, functions vanish).
 */
export function projectMetadataValue(value: unknown): unknown {
  if (typeof value === "string") return toStoredText(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (value === null || typeof value === "boolean") return value;
  if (typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    return value.map((item) => projectMetadataValue(item) ?? null);
  }
  if (value instanceof Map) {
    return [...value.entries()].map(([key, item]) => [
      projectMetadataValue(key) ?? null,
      projectMetadataValue(item) ?? null,
    ]);
  }
  if (value instanceof Set) {
    return [...value].map((item) => projectMetadataValue(item) ?? null);
  }
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === "function") {
    return projectMetadataValue(withToJson.toJSON());
  }
  const projected: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const projectedItem = projectMetadataValue(item);
    if (projectedItem !== undefined) setOwnKey(projected, toStoredText(key), projectedItem);
  }
  return projected;
}

/**
 * `object[key] = value` for any key: assigning `__proto__` would set the prototype instead of
 * adding the key, and the key would silently vanish from the JSON (and from a filter).
 */
function setOwnKey(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** JSON text of the projection, ready for a `jsonb` parameter. */
export function metadataProjectionJson(metadata: unknown): string {
  return JSON.stringify(projectMetadataValue(metadata) ?? {});
}

/** A `list` filter split into what must equal a value and what must be absent. */
export interface MetadataFilterParameters {
  /** JSON object of key → projected value; each key must be present and equal. */
  equalsJson: string;
  /** Stored-text keys whose filter value was `undefined`: the key must be absent. */
  absentKeys: string[];
}

export function metadataFilterParameters(
  filter: Record<string, unknown>,
): MetadataFilterParameters | undefined {
  const equals: Record<string, unknown> = {};
  const absentKeys: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    const projected = value === undefined ? undefined : projectMetadataValue(value);
    if (projected === undefined) absentKeys.push(toStoredText(key));
    else setOwnKey(equals, toStoredText(key), projected);
  }
  if (Object.keys(equals).length === 0 && absentKeys.length === 0) return undefined;
  return { equalsJson: JSON.stringify(equals), absentKeys };
}
