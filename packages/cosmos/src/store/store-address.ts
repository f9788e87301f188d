import { boundKeyLength, InvalidConfigError, joinKeyParts } from "@checkpointkit/core";
import { NAMESPACE_LABEL_SEPARATOR, readNamespacePath } from "@checkpointkit/core/internal";

/**
 * Joins the labels of a namespace. Labels can never contain it (they are refused), so the
 * joined path is injective, and every namespace below `a.b` starts with `a.b.`: a prefix
 * search is `path = p OR STARTSWITH(path, p + ".")`.
 */
export const LABEL_SEPARATOR = NAMESPACE_LABEL_SEPARATOR;

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

export function readItemAddress(
  namespace: unknown,
  key: unknown,
  partitionLabels: number,
): ItemAddress {
  const namespacePath = readNamespacePath(namespace, "namespace", false);
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
