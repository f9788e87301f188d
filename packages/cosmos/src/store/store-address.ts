import { boundKeyLength, InvalidConfigError, joinKeyParts } from "@checkpointkit/core";

/**
 * Joins the labels of a namespace. Labels can never contain it (they are refused), so the
 * joined path is injective, and every namespace below `a.b` starts with `a.b.`: a prefix
 * search is `path = p OR STARTSWITH(path, p + ".")`.
 */
export const LABEL_SEPARATOR = ".";

/** Cosmos DB caps item ids and partition key values; longer ones are hashed (core's rule). */
const ID_MAX_BYTES = 1023;
const PARTITION_KEY_MAX_BYTES = 1023;

/** Where one item lives: its namespace, path, key, item id and partition key value. */
export interface ItemAddress {
  namespace: string[];
  namespacePath: string;
  key: string;
  id: string;
  partitionKey: string;
}

/**
 * The logical partition of a namespace: its first `partitionLabels` labels (all of them when
 * it has fewer). With 1, `["user_1", ...]` is one partition per user; with 2,
 * `["memories", "user_1", ...]` is. Every item of a namespace, and every namespace below a
 * prefix at least that long, is in one partition: read and written without crossing
 * partitions.
 */
export function partitionKeyOf(labels: readonly string[], partitionLabels: number): string {
  return boundKeyLength(joinKeyParts(labels.slice(0, partitionLabels)), PARTITION_KEY_MAX_BYTES);
}

/** The one partition holding everything under `prefix`, or undefined when it spans several. */
export function partitionOfPrefix(
  prefix: readonly string[],
  partitionLabels: number,
): string | undefined {
  return prefix.length >= partitionLabels ? partitionKeyOf(prefix, partitionLabels) : undefined;
}

/**
 * Checks a namespace the way LangGraph's `validateNamespace` does (strings, no empty label,
 * no `.`, `:` or U+0000) and returns its path. An empty namespace is allowed where LangGraph
 * allows one (search everything).
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
  return namespace.join(LABEL_SEPARATOR);
}

export function readItemAddress(
  namespace: unknown,
  key: unknown,
  partitionLabels: number,
): ItemAddress {
  const namespacePath = readNamespace(namespace, "namespace", false);
  if (typeof key !== "string") {
    throw new InvalidConfigError("key must be a string", { field: "key" });
  }
  const labels = [...(namespace as string[])];
  return {
    namespace: labels,
    namespacePath,
    key,
    // Two parts, each escaped: injective, and no id can contain "/" or "#".
    id: boundKeyLength(joinKeyParts([namespacePath, key]), ID_MAX_BYTES),
    partitionKey: partitionKeyOf(labels, partitionLabels),
  };
}

/** A namespace pattern of `listNamespaces`: labels or `*` (any one label). */
export function readNamespacePattern(path: unknown, field: string): string[] {
  if (!Array.isArray(path) || path.some((label) => typeof label !== "string")) {
    throw new InvalidConfigError(`${field} must be an array of strings`, { field });
  }
  return path as string[];
}
