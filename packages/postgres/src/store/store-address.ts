import { InvalidConfigError } from "@checkpointkit/core";
import { readNamespacePath } from "@checkpointkit/core/internal";
import { toStoredText } from "../stored-text.js";
import { MAX_KEY_BYTES, MAX_NAMESPACE_BYTES } from "./postgres-store-options.js";

/** Where one item lives: its namespace, its path (the labels joined) and its stored key. */
export interface ItemAddress {
  namespace: string[];
  namespacePath: string;
  storedKey: string;
}

/**
 * Checks a namespace as LangGraph's `validateNamespace` does (core's rule) plus the store's
 * size bound, and returns its path. An empty namespace is allowed where LangGraph allows one.
 */
export function readNamespace(namespace: unknown, field: string, allowEmpty: boolean): string {
  const path = readNamespacePath(namespace, field, allowEmpty);
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
