import {
  planStoreBatch,
  type StoreBatchPlan,
  type StoreBatchRules,
  type StoreWriteRequest,
  serializeStoreValue,
} from "@checkpointkit/core/internal";
import {
  type ItemAddress,
  readItemAddress,
  readNamespace,
  readNamespacePattern,
} from "./store-address.js";

export type { StoreListNamespacesRequest as ListNamespacesRequest } from "@checkpointkit/core/internal";
/** A put (`stored`: the value's JSON text) or a delete (`stored` null) of one item. */
export type WriteRequest = StoreWriteRequest<ItemAddress, string>;
/** Gets, searches, listings and the last write of each item, every operation validated. */
export type BatchPlan = StoreBatchPlan<ItemAddress, string>;

/**
 * RedisStore's addressing: an index member per item, encoded namespace paths (a search's
 * `prefixPath` is the encoded one), well-formed UTF-16 in every label and pattern.
 */
const REDIS_BATCH_RULES: StoreBatchRules<ItemAddress, string> = {
  readItemAddress,
  itemIdentity: (address) => address.member,
  readNamespacePrefix: (prefix, field) => readNamespace(prefix, field, true),
  storeValue: (value) => serializeStoreValue(value),
  readNamespacePattern,
};

/** Validates and sorts a batch; throws `InvalidConfigError` for the first bad operation. */
export function planBatch(operations: readonly unknown[]): BatchPlan {
  return planStoreBatch(operations, REDIS_BATCH_RULES);
}
