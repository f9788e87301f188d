import {
  planStoreBatch,
  readNamespacePath,
  type StoreBatchRules,
  type StoreGetRequest,
  type StoreListNamespacesRequest,
  type StoreSearchRequest,
  type StoreWriteRequest,
  serializeStoreValue,
} from "@checkpointkit/core/internal";
import { type ItemAddress, readItemAddress } from "./store-address.js";
import { type CompiledFilter, compileFilter } from "./store-filter.js";

export type ListNamespacesRequest = StoreListNamespacesRequest;
export type GetRequest = StoreGetRequest<ItemAddress>;

/** A search with its filter as Cosmos DB SQL; `prefixPath` is `""` for the empty prefix. */
export interface SearchRequest extends Omit<StoreSearchRequest, "prefixPath" | "filter"> {
  prefixPath: string;
  filter: CompiledFilter;
}

/** A put (`value`: its JSON form, as Cosmos DB stores it) or a delete (`value` null). */
export type WriteRequest = Omit<StoreWriteRequest<ItemAddress, Record<string, unknown>>, "stored">;

/** A batch sorted by kind, every operation validated: nothing runs before all of it passed. */
export interface BatchPlan {
  gets: GetRequest[];
  searches: SearchRequest[];
  lists: ListNamespacesRequest[];
  /** One per item, the batch's last write of it (LangGraph's stores apply the last one). */
  writes: WriteRequest[];
}

/** CosmosStore's addressing: an item id in the partition of the namespace's first labels. */
function cosmosBatchRules(
  partitionLabels: number,
): StoreBatchRules<ItemAddress, Record<string, unknown>> {
  return {
    readItemAddress: (namespace, key) => readItemAddress(namespace, key, partitionLabels),
    itemIdentity: (address) => `${address.partitionKey}\u0000${address.id}`,
    readNamespacePrefix: (prefix, field) => readNamespacePath(prefix, field, true),
    // Stored (and embedded) as its JSON form: a `Date` becomes its ISO string, as on a read.
    storeValue: (value) => JSON.parse(serializeStoreValue(value)) as Record<string, unknown>,
  };
}

/** Validates and sorts a batch; throws `InvalidConfigError` for the first bad operation. */
export function planBatch(operations: readonly unknown[], partitionLabels: number): BatchPlan {
  const plan = planStoreBatch(operations, cosmosBatchRules(partitionLabels));
  return {
    gets: plan.gets,
    lists: plan.lists,
    searches: plan.searches.map((search) => ({
      ...search,
      prefixPath: search.prefixPath ?? "",
      filter: compileFilter(search.filter),
    })),
    writes: plan.writes.map(({ stored, ...write }) => ({ ...write, value: stored })),
  };
}
