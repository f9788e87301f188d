import { InvalidConfigError } from "@checkpointkit/core";
import { DEFAULT_LIST_NAMESPACES_LIMIT, DEFAULT_SEARCH_LIMIT } from "./cosmos-store-options.js";
import {
  type ItemAddress,
  readItemAddress,
  readNamespace,
  readNamespacePattern,
} from "./store-address.js";
import { type CompiledFilter, compileFilter } from "./store-filter.js";
import { storableValue } from "./store-value.js";

export interface GetRequest {
  resultIndex: number;
  address: ItemAddress;
}

export interface SearchRequest {
  resultIndex: number;
  /** The prefix's labels; empty searches every namespace (across partitions). */
  prefix: string[];
  prefixPath: string;
  filter: CompiledFilter;
  limit: number;
  offset: number;
  query: string | undefined;
}

export interface ListNamespacesRequest {
  resultIndex: number;
  prefix: string[] | undefined;
  suffix: string[] | undefined;
  maxDepth: number | undefined;
  limit: number;
  offset: number;
}

/** A put (`value` set) or a delete (`value` null) of one item. */
export interface WriteRequest {
  address: ItemAddress;
  value: Record<string, unknown> | null;
  /** The put's own index paths, `false` for none, undefined for the store's fields. */
  index: false | string[] | undefined;
  /** The put's own TTL (`null`: never expires); undefined for the store's. */
  ttlSeconds: number | null | undefined;
}

/** A batch sorted by kind, every operation validated: nothing runs before all of it passed. */
export interface BatchPlan {
  gets: GetRequest[];
  searches: SearchRequest[];
  lists: ListNamespacesRequest[];
  /** One per item, the batch's last write of it (LangGraph's stores apply the last one). */
  writes: WriteRequest[];
}

function count(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) && (value as number) >= 0)) {
    throw new InvalidConfigError(`${field} must be a non-negative integer`, { field });
  }
  return value as number;
}

function readTtl(value: unknown): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (!(typeof value === "number" && Number.isFinite(value) && value > 0)) {
    throw new InvalidConfigError("ttlSeconds must be a positive number or null", {
      field: "ttlSeconds",
    });
  }
  return value;
}

function readIndex(value: unknown): false | string[] | undefined {
  if (value === undefined || value === null || value === false) return value ?? undefined;
  if (Array.isArray(value) && value.every((path) => typeof path === "string")) return value;
  throw new InvalidConfigError("index must be false or an array of field paths", {
    field: "index",
  });
}

function planList(operation: Record<string, unknown>, resultIndex: number): ListNamespacesRequest {
  const request: ListNamespacesRequest = {
    resultIndex,
    prefix: undefined,
    suffix: undefined,
    maxDepth: undefined,
    limit: count(operation.limit, "limit", DEFAULT_LIST_NAMESPACES_LIMIT),
    offset: count(operation.offset, "offset", 0),
  };
  if (operation.maxDepth !== undefined) {
    request.maxDepth = count(operation.maxDepth, "maxDepth", 0);
    if (request.maxDepth === 0) {
      throw new InvalidConfigError("maxDepth must be at least 1", { field: "maxDepth" });
    }
  }
  const conditions = operation.matchConditions ?? [];
  if (!Array.isArray(conditions)) {
    throw new InvalidConfigError("matchConditions must be an array", { field: "matchConditions" });
  }
  for (const condition of conditions as Array<{ matchType?: unknown; path?: unknown }>) {
    const path = readNamespacePattern(condition?.path, "matchConditions.path");
    if (condition.matchType === "prefix") request.prefix = path;
    else if (condition.matchType === "suffix") request.suffix = path;
    else {
      throw new InvalidConfigError('matchType must be "prefix" or "suffix"', {
        field: "matchConditions.matchType",
      });
    }
  }
  return request;
}

function planSearch(operation: Record<string, unknown>, resultIndex: number): SearchRequest {
  const prefixPath = readNamespace(operation.namespacePrefix, "namespacePrefix", true);
  if (operation.query !== undefined && typeof operation.query !== "string") {
    throw new InvalidConfigError("query must be a string", { field: "query" });
  }
  return {
    resultIndex,
    prefix: [...(operation.namespacePrefix as string[])],
    prefixPath,
    filter: compileFilter(operation.filter),
    limit: count(operation.limit, "limit", DEFAULT_SEARCH_LIMIT),
    offset: count(operation.offset, "offset", 0),
    query: operation.query === "" ? undefined : (operation.query as string | undefined),
  };
}

/** Validates and sorts a batch; throws `InvalidConfigError` for the first bad operation. */
export function planBatch(operations: readonly unknown[], partitionLabels: number): BatchPlan {
  if (!Array.isArray(operations)) {
    throw new InvalidConfigError("batch takes an array of operations", { field: "operations" });
  }
  const plan: BatchPlan = { gets: [], searches: [], lists: [], writes: [] };
  const lastWrites = new Map<string, WriteRequest>();
  operations.forEach((raw, resultIndex) => {
    if (typeof raw !== "object" || raw === null) {
      throw new InvalidConfigError("each operation must be an object", { field: "operations" });
    }
    const operation = raw as Record<string, unknown>;
    if ("namespacePrefix" in operation) {
      plan.searches.push(planSearch(operation, resultIndex));
    } else if ("namespace" in operation && "value" in operation) {
      const address = readItemAddress(operation.namespace, operation.key, partitionLabels);
      const write: WriteRequest = {
        address,
        value: operation.value === null ? null : storableValue(operation.value),
        index: readIndex(operation.index),
        ttlSeconds: readTtl(operation.ttlSeconds),
      };
      const identity = `${address.partitionKey}\u0000${address.id}`;
      lastWrites.delete(identity);
      lastWrites.set(identity, write);
    } else if ("namespace" in operation) {
      plan.gets.push({
        resultIndex,
        address: readItemAddress(operation.namespace, operation.key, partitionLabels),
      });
    } else if ("matchConditions" in operation || "limit" in operation) {
      plan.lists.push(planList(operation, resultIndex));
    } else {
      throw new InvalidConfigError("unknown operation: no namespace, namespacePrefix or limit", {
        field: "operations",
      });
    }
  });
  plan.writes = [...lastWrites.values()];
  return plan;
}
