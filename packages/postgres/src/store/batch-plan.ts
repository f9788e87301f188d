import {
  planStoreBatch,
  type StoreBatchPlan,
  type StoreBatchRules,
  type StoreGetRequest,
  type StoreWriteRequest,
  serializeStoreValue,
} from "@checkpointkit/core/internal";
import { type ItemAddress, readItemAddress, readNamespace } from "./store-address.js";

export type {
  StoreListNamespacesRequest as ListNamespacesRequest,
  StoreSearchRequest as SearchRequest,
} from "@checkpointkit/core/internal";
export type GetRequest = StoreGetRequest<ItemAddress>;
/** A put (`stored`: the value's JSON text) or a delete (`stored` null) of one item. */
export type WriteRequest = StoreWriteRequest<ItemAddress, string>;
export type BatchPlan = StoreBatchPlan<ItemAddress, string>;

/** PostgresStore's addressing: a namespace path and a stored key; values as `jsonb` text. */
const POSTGRES_BATCH_RULES: StoreBatchRules<ItemAddress, string> = {
  readItemAddress,
  itemIdentity: (address) => `${address.namespacePath}\u0000${address.storedKey}`,
  readNamespacePrefix: (prefix, field) => readNamespace(prefix, field, true),
  // `jsonb` cannot hold U+0000: refused before anything of the batch is written.
  storeValue: (value) => serializeStoreValue(value, { refuseNul: true }),
};

/** Validates and sorts a batch; throws `InvalidConfigError` for the first bad operation. */
export function planBatch(operations: readonly unknown[]): BatchPlan {
  return planStoreBatch(operations, POSTGRES_BATCH_RULES);
}
