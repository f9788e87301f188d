import { InvalidConfigError } from "@checkpointkit/core";
import { toStoredText } from "../stored-text.js";
import { MAX_KEY_BYTES, MAX_NAMESPACE_BYTES } from "./postgres-store-options.js";

/**
 * Joins the labels of a namespace. Labels can never contain it (they are refused), so the
 * joined path is injective, and every namespace below `a.b` starts with `a.b.`: a prefix
 * search is a range over the primary key.
 */
export const LABEL_SEPARATOR = ".";

/** Where one item lives: its namespace, its path (the labels joined) and its stored key. */
export interface ItemAddress {
  namespace: string[];
  namespacePath: string;
  storedKey: string;
}

/**
 * Checks a namespace the way LangGraph's `validateNamespace` does (strings, no empty label,
 * no `.`, `:` or U+0000) plus the store's size bound, and returns its path. An empty
 * namespace is allowed where LangGraph allows one (search everything).
 */
export function readNamespace(namespace: unknown, field: string, allowEmpty: boolean): string {
  if (!Array.isArray(namespace)) {
    throw new InvalidConfigError(`${field} must be an array of strings`, { field });
  }
  if (namespace.length === 0 && !allowEmpty) {
    throw new InvalidConfigError(`${field} must not be empty`, { field });
  }
  for (const label of namespace) {
    if (typeof label !== "string" || label === "") {
      throw new InvalidConfigError(`${field} labels must be non-empty strings`, { field });
    }
    if (label.includes(".") || label.includes(":") || label.includes("\u0000")) {
      throw new InvalidConfigError(`${field} labels must not contain ".", ":" or U+0000`, {
        field,
      });
    }
  }
  const path = namespace.join(LABEL_SEPARATOR);
  if (Buffer.byteLength(path, "utf8") > MAX_NAMESPACE_BYTES) {
    throw new InvalidConfigError(
      `${field} is longer than ${MAX_NAMESPACE_BYTES} bytes (labels joined by one byte each)`,
      { field },
    );
  }
  return path;
}

/** Checks a key (any string up to the size bound) and returns it as stored. */
export function readKey(key: unknown): string {
  if (typeof key !== "string")
    throw new InvalidConfigError("key must be a string", { field: "key" });
  const stored = toStoredText(key);
  if (Buffer.byteLength(stored, "utf8") > MAX_KEY_BYTES) {
    throw new InvalidConfigError(`key is longer than ${MAX_KEY_BYTES} bytes of UTF-8`, {
      field: "key",
    });
  }
  return stored;
}

export function readItemAddress(namespace: unknown, key: unknown): ItemAddress {
  const namespacePath = readNamespace(namespace, "namespace", false);
  return { namespace: [...(namespace as string[])], namespacePath, storedKey: readKey(key) };
}

/** A namespace pattern of `listNamespaces`: labels or `*` (any one label). */
export function readNamespacePattern(path: unknown, field: string): string[] {
  if (!Array.isArray(path) || path.some((label) => typeof label !== "string")) {
    throw new InvalidConfigError(`${field} must be an array of strings`, { field });
  }
  return path as string[];
}
