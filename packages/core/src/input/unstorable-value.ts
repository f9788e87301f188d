import { isWellFormedText } from "./well-formed-id.js";

/** Where in a value the serializer would lose or choke on something, and why. */
export interface UnstorableValue {
  /** A JavaScript-like path from the value's root, e.g. `metadata.writes.billing[2]`. */
  path: string;
  reason: string;
}

/**
 * Finds the first part of `value` that LangGraph's `JsonPlusSerializer` cannot round-trip:
 * a function, a symbol, a bigint, a cycle, or a string (value or key) with a lone surrogate.
 * Stored anyway, such a value either fails on every later read of the thread (a poisoned
 * thread) or silently comes back different, so savers refuse it before writing anything.
 *
 * LangChain objects (messages) are checked through their constructor arguments (`lc_kwargs`)
 * and other objects with a `toJSON` method through what it returns, because that is what gets
 * serialized; typed arrays are stored as bytes.
 */
export function findUnstorableValue(value: unknown, path: string): UnstorableValue | undefined {
  return visit(value, path, new Set());
}

function visit(value: unknown, path: string, ancestors: Set<object>): UnstorableValue | undefined {
  switch (typeof value) {
    case "string":
      return isWellFormedText(value) ? undefined : { path, reason: "a lone UTF-16 surrogate" };
    case "function":
      return { path, reason: "a function" };
    case "symbol":
      return { path, reason: "a symbol" };
    case "bigint":
      return { path, reason: "a bigint" };
    case "object":
      return value === null ? undefined : visitObject(value, path, ancestors);
    default:
      return undefined;
  }
}

function visitObject(
  value: object,
  path: string,
  ancestors: Set<object>,
): UnstorableValue | undefined {
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Date) {
    return undefined;
  }
  if (ancestors.has(value)) return { path, reason: "a circular reference" };
  ancestors.add(value);
  try {
    return visitChildren(value, path, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

function visitChildren(
  value: object,
  path: string,
  ancestors: Set<object>,
): UnstorableValue | undefined {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = visit(value[index], `${path}[${index}]`, ancestors);
      if (found) return found;
    }
    return undefined;
  }
  if (value instanceof Map) {
    for (const [key, entry] of value) {
      const found =
        visit(key, `${path}.<key>`, ancestors) ?? visit(entry, `${path}.get(…)`, ancestors);
      if (found) return found;
    }
    return undefined;
  }
  if (value instanceof Set) {
    for (const entry of value) {
      const found = visit(entry, `${path}.<entry>`, ancestors);
      if (found) return found;
    }
    return undefined;
  }
  const serializable = value as { lc_serializable?: unknown; lc_kwargs?: unknown };
  if (serializable.lc_serializable === true && typeof serializable.lc_kwargs === "object") {
    // A LangChain object serializes as its constructor arguments; walking them directly costs
    // a fraction of building its `toJSON` form, and finds the same values.
    return visit(serializable.lc_kwargs, path, ancestors);
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") {
    const serialized: unknown = toJSON.call(value);
    return serialized === value
      ? visitProperties(value, path, ancestors)
      : visit(serialized, path, ancestors);
  }
  return visitProperties(value, path, ancestors);
}

function visitProperties(
  value: object,
  path: string,
  ancestors: Set<object>,
): UnstorableValue | undefined {
  for (const key of Object.keys(value)) {
    const keyPath = `${path}.${key}`;
    if (!isWellFormedText(key))
      return { path: keyPath, reason: "a key with a lone UTF-16 surrogate" };
    // JSON.parse makes an own "__proto__" key, but the serializer's revival drops it.
    if (key === "__proto__") return { path: keyPath, reason: 'an own "__proto__" key' };
    const found = visit((value as Record<string, unknown>)[key], keyPath, ancestors);
    if (found) return found;
  }
  return undefined;
}
