import { InvalidConfigError } from "../errors/index.js";
import { parseStoreFilter, type StoreFilterCondition } from "./store-filter.js";
import { readNamespacePattern as readLangGraphPattern } from "./store-namespace.js";

/** `search`'s `limit` when the operation names none (LangGraph's default). */
export const DEFAULT_STORE_SEARCH_LIMIT = 10;
/** `listNamespaces`' `limit` when the operation names none (LangGraph's default). */
export const DEFAULT_STORE_LIST_NAMESPACES_LIMIT = 100;

/** What a backend decides while a batch is planned: how it addresses and stores items. */
export interface StoreBatchRules<Address, Stored> {
  /** Checks a namespace and key; returns where the item lives. */
  readItemAddress(namespace: unknown, key: unknown): Address;
  /** One string per item: two writes with the same one write the same item. */
  itemIdentity(address: Address): string;
  /** Checks a search's namespace prefix; returns its path (`""` for the empty prefix). */
  readNamespacePrefix(prefix: unknown, field: string): string;
  /** Checks a put's value; returns it in the form the backend stores. */
  storeValue(value: unknown): Stored;
  /** Checks a `listNamespaces` pattern; LangGraph's rule (strings) when absent. */
  readNamespacePattern?(path: unknown, field: string): string[];
}

export interface StoreGetRequest<Address> {
  resultIndex: number;
  address: Address;
}

export interface StoreSearchRequest {
  resultIndex: number;
  /** The prefix's labels; empty searches every namespace. */
  prefix: string[];
  /** The prefix's path as the backend's rules returned it; undefined for the empty prefix. */
  prefixPath: string | undefined;
  filter: StoreFilterCondition[];
  limit: number;
  offset: number;
  /** The semantic query; undefined for none (an empty one included). */
  query: string | undefined;
}

export interface StoreListNamespacesRequest {
  resultIndex: number;
  prefix: string[] | undefined;
  suffix: string[] | undefined;
  maxDepth: number | undefined;
  limit: number;
  offset: number;
}

/** A put (`value` and `stored` set) or a delete (both null) of one item. */
export interface StoreWriteRequest<Address, Stored> {
  address: Address;
  /** The value as the caller passed it. */
  value: Record<string, unknown> | null;
  /** The value as the backend stores it (`storeValue`'s result). */
  stored: Stored | null;
  /** The put's own index paths, `false` for none, undefined for the store's fields. */
  index: false | string[] | undefined;
  /** The put's own TTL (`null`: never expires); undefined for the store's. */
  ttlSeconds: number | null | undefined;
}

/** A batch sorted by kind, every operation validated: nothing runs before all of it passed. */
export interface StoreBatchPlan<Address, Stored> {
  gets: StoreGetRequest<Address>[];
  searches: StoreSearchRequest[];
  lists: StoreListNamespacesRequest[];
  /** One per item, the batch's last write of it (LangGraph's stores apply the last one). */
  writes: StoreWriteRequest<Address, Stored>[];
}

type Operation = Record<string, unknown>;

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

function planSearch<A, S>(
  operation: Operation,
  resultIndex: number,
  rules: StoreBatchRules<A, S>,
): StoreSearchRequest {
  const prefixPath = rules.readNamespacePrefix(operation.namespacePrefix, "namespacePrefix");
  if (operation.query !== undefined && typeof operation.query !== "string") {
    throw new InvalidConfigError("query must be a string", { field: "query" });
  }
  return {
    resultIndex,
    prefix: [...(operation.namespacePrefix as string[])],
    prefixPath: prefixPath === "" ? undefined : prefixPath,
    filter: parseStoreFilter(operation.filter),
    limit: count(operation.limit, "limit", DEFAULT_STORE_SEARCH_LIMIT),
    offset: count(operation.offset, "offset", 0),
    query: operation.query === "" ? undefined : (operation.query as string | undefined),
  };
}

function planWrite<A, S>(operation: Operation, rules: StoreBatchRules<A, S>) {
  const address = rules.readItemAddress(operation.namespace, operation.key);
  const value = operation.value as Record<string, unknown> | null;
  const write: StoreWriteRequest<A, S> = {
    address,
    value,
    stored: value === null ? null : rules.storeValue(value),
    index: readIndex(operation.index),
    ttlSeconds: readTtl(operation.ttlSeconds),
  };
  return write;
}

function planList<A, S>(
  operation: Operation,
  resultIndex: number,
  rules: StoreBatchRules<A, S>,
): StoreListNamespacesRequest {
  const request: StoreListNamespacesRequest = {
    resultIndex,
    prefix: undefined,
    suffix: undefined,
    maxDepth: undefined,
    limit: count(operation.limit, "limit", DEFAULT_STORE_LIST_NAMESPACES_LIMIT),
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
  const readPattern = rules.readNamespacePattern ?? readLangGraphPattern;
  for (const condition of conditions as Array<{ matchType?: unknown; path?: unknown }>) {
    const path = readPattern(condition?.path, "matchConditions.path");
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

/**
 * Validates a `BaseStore.batch` and sorts it by kind (the shape of each operation tells its
 * kind, as in LangGraph); throws `InvalidConfigError` for the first bad operation, before
 * anything runs. Reads are answered before the writes; of several writes of one item only
 * the last is kept, in the position of that last write.
 */
export function planStoreBatch<Address, Stored>(
  operations: readonly unknown[],
  rules: StoreBatchRules<Address, Stored>,
): StoreBatchPlan<Address, Stored> {
  if (!Array.isArray(operations)) {
    throw new InvalidConfigError("batch takes an array of operations", { field: "operations" });
  }
  const plan: StoreBatchPlan<Address, Stored> = { gets: [], searches: [], lists: [], writes: [] };
  const lastWrites = new Map<string, StoreWriteRequest<Address, Stored>>();
  operations.forEach((raw, resultIndex) => {
    if (typeof raw !== "object" || raw === null) {
      throw new InvalidConfigError("each operation must be an object", { field: "operations" });
    }
    const operation = raw as Operation;
    if ("namespacePrefix" in operation) {
      plan.searches.push(planSearch(operation, resultIndex, rules));
    } else if ("namespace" in operation && "value" in operation) {
      const write = planWrite(operation, rules);
      const identity = rules.itemIdentity(write.address);
      lastWrites.delete(identity);
      lastWrites.set(identity, write);
    } else if ("namespace" in operation) {
      const address = rules.readItemAddress(operation.namespace, operation.key);
      plan.gets.push({ resultIndex, address });
    } else if ("matchConditions" in operation || "limit" in operation) {
      plan.lists.push(planList(operation, resultIndex, rules));
    } else {
      throw new InvalidConfigError("unknown operation: no namespace, namespacePrefix or limit", {
        field: "operations",
      });
    }
  });
  plan.writes = [...lastWrites.values()];
  return plan;
}
