import type { ListNamespacesRequest } from "./batch-plan.js";

const WILDCARD = "*";

function matchesAt(namespace: readonly string[], pattern: readonly string[], start: number) {
  return pattern.every((label, index) => label === WILDCARD || namespace[start + index] === label);
}

/** Label by label, each label by code point (UTF-8 bytes), a shorter namespace first on a tie. */
export function compareNamespaces(left: readonly string[], right: readonly string[]): number {
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    const order = Buffer.compare(
      Buffer.from(left[index] as string, "utf8"),
      Buffer.from(right[index] as string, "utf8"),
    );
    if (order !== 0) return order;
  }
  return left.length - right.length;
}

/** The labels of `prefix` before its first wildcard: what narrows the shards and the range. */
export function fixedLeadingLabels(prefix: readonly string[] | undefined): string[] {
  if (prefix === undefined) return [];
  const wildcard = prefix.indexOf(WILDCARD);
  return wildcard === -1 ? [...prefix] : prefix.slice(0, wildcard);
}

/**
 * `listNamespaces`' answer from the namespaces holding items that the shards returned:
 * kept by prefix and suffix (`*` matches any one label), cut to `maxDepth`, each once,
 * sorted, then paged.
 */
export function finishListing(
  request: ListNamespacesRequest,
  namespaces: readonly string[][],
): string[][] {
  const { prefix, suffix, maxDepth } = request;
  const kept = new Map<string, string[]>();
  for (const namespace of namespaces) {
    if (
      prefix !== undefined &&
      !(namespace.length >= prefix.length && matchesAt(namespace, prefix, 0))
    ) {
      continue;
    }
    if (
      suffix !== undefined &&
      !(
        namespace.length >= suffix.length &&
        matchesAt(namespace, suffix, namespace.length - suffix.length)
      )
    ) {
      continue;
    }
    const cut = maxDepth === undefined ? namespace : namespace.slice(0, maxDepth);
    kept.set(JSON.stringify(cut), cut);
  }
  return [...kept.values()]
    .sort(compareNamespaces)
    .slice(request.offset, request.offset + request.limit);
}
