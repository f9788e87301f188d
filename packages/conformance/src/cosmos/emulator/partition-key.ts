/**
 * Partition keys the way the service compares them: every component of a (possibly
 * hierarchical) key, in path order, as the JSON array the SDK sends in
 * `x-ms-documentdb-partitionkey` (`["tenant","thread"]`, `[{}]` for "none", `[null]`).
 * The base server keeps only the first component and joins keys with ":", so two items
 * whose keys differ in a later component, or whose ids contain ":", collide there.
 */
import type { ContainerDefinition, StoredItem } from "./base-server.js";

/** The "none" value the SDK sends for an item that lacks the partition key property. */
const NONE_COMPONENT = {};

/** Partition key paths of a container; the SDK's default for containers created without one. */
export function partitionKeyPaths(container: ContainerDefinition): string[] {
  const paths = container.partitionKey?.paths;
  return paths && paths.length > 0 ? paths : ["/_partitionKey"];
}

/** Splits `/a/b` or `/"a b"` into property names. */
function pathSegments(path: string): string[] {
  return path
    .slice(1)
    .split("/")
    .map((segment) =>
      segment.startsWith('"') && segment.endsWith('"') ? segment.slice(1, -1) : segment,
    );
}

function valueAtPath(item: Record<string, unknown>, path: string): unknown {
  let current: unknown = item;
  for (const segment of pathSegments(path)) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function isKeyComponent(value: unknown): boolean {
  return (
    value === null ||
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean"
  );
}

/** Canonical key of an item: objects and arrays are not valid key values, so they count as none. */
export function partitionKeyOfItem(
  container: ContainerDefinition,
  item: Record<string, unknown> | StoredItem,
): string {
  const components = partitionKeyPaths(container).map((path) => {
    const value = valueAtPath(item as Record<string, unknown>, path);
    return isKeyComponent(value) ? value : NONE_COMPONENT;
  });
  return JSON.stringify(components);
}

export type ParsedPartitionKeyHeader =
  | { kind: "absent" }
  | { kind: "invalid" }
  | { kind: "key"; canonical: string; componentCount: number };

/** Reads `x-ms-documentdb-partitionkey`; a full key for point operations, a prefix for queries. */
export function parsePartitionKeyHeader(
  header: string | string[] | undefined,
): ParsedPartitionKeyHeader {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || raw === "") return { kind: "absent" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { kind: "invalid" };
  }
  const components = Array.isArray(parsed) ? parsed : [parsed];
  const valid = components.every(
    (component) =>
      isKeyComponent(component) ||
      (typeof component === "object" &&
        component !== null &&
        !Array.isArray(component) &&
        Object.keys(component).length === 0),
  );
  if (!valid || components.length === 0) return { kind: "invalid" };
  return { kind: "key", canonical: JSON.stringify(components), componentCount: components.length };
}

/** True when `prefix` (a canonical key with fewer or equal components) starts `key`. */
export function partitionKeyStartsWith(key: string, prefix: string): boolean {
  if (key === prefix) return true;
  const keyComponents = JSON.parse(key) as unknown[];
  const prefixComponents = JSON.parse(prefix) as unknown[];
  if (prefixComponents.length > keyComponents.length) return false;
  return prefixComponents.every(
    (component, index) => JSON.stringify(component) === JSON.stringify(keyComponents[index]),
  );
}
