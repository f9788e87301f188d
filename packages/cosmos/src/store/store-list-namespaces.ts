import type { Container, SqlParameter } from "@azure/cosmos";
import { queryAll, type RequestMeter } from "../cosmos-requests.js";
import { LABEL_SEPARATOR, partitionOfPrefix } from "./store-address.js";
import type { ListNamespacesRequest } from "./store-batch-plan.js";
import { STORE_ITEM_KIND } from "./store-items.js";

const WILDCARD = "*";

function matchesAt(
  namespace: readonly string[],
  pattern: readonly string[],
  start: number,
): boolean {
  return pattern.every((label, index) => label === WILDCARD || namespace[start + index] === label);
}

/** Label by label, code points: the order every checkpointkit store lists namespaces in. */
function compareNamespaces(left: readonly string[], right: readonly string[]): number {
  const shared = Math.min(left.length, right.length);
  for (let index = 0; index < shared; index += 1) {
    const a = left[index] as string;
    const b = right[index] as string;
    if (a !== b) return a < b ? -1 : 1;
  }
  return left.length - right.length;
}

/**
 * One query for the distinct namespaces (`SELECT DISTINCT VALUE c.ns`), kept to the
 * prefix's literal labels (and to their partition when they name one);
 * wildcards, the suffix, `maxDepth`, sorting and paging are applied here, on the distinct
 * namespaces only (never on items).
 */
export async function listNamespaces(
  container: Container,
  request: ListNamespacesRequest,
  partitionLabels: number,
  meter: RequestMeter,
): Promise<string[][]> {
  const prefix = request.prefix ?? [];
  const literal = prefix.slice(
    0,
    prefix.includes(WILDCARD) ? prefix.indexOf(WILDCARD) : prefix.length,
  );
  const parameters: SqlParameter[] = [{ name: "@kind", value: STORE_ITEM_KIND }];
  let where = "c.kind = @kind";
  if (literal.length > 0) {
    const path = literal.join(LABEL_SEPARATOR);
    parameters.push(
      { name: "@prefix", value: path },
      { name: "@below", value: `${path}${LABEL_SEPARATOR}` },
    );
    where += " AND (c.ns_path = @prefix OR STARTSWITH(c.ns_path, @below))";
  }
  const namespaces = await queryAll<string[]>(
    container,
    { query: `SELECT DISTINCT VALUE c.ns FROM c WHERE ${where}`, parameters },
    partitionOfPrefix(literal, partitionLabels),
    meter,
  );
  const suffix = request.suffix ?? [];
  const kept = new Map<string, string[]>();
  for (const namespace of namespaces) {
    if (namespace.length < prefix.length || !matchesAt(namespace, prefix, 0)) continue;
    if (namespace.length < suffix.length) continue;
    if (!matchesAt(namespace, suffix, namespace.length - suffix.length)) continue;
    const truncated =
      request.maxDepth === undefined ? namespace : namespace.slice(0, request.maxDepth);
    kept.set(JSON.stringify(truncated), truncated);
  }
  return [...kept.values()]
    .sort(compareNamespaces)
    .slice(request.offset, request.offset + request.limit);
}
