export { embedSearchQueries } from "./search-query-vectors.js";
export {
  DEFAULT_STORE_LIST_NAMESPACES_LIMIT,
  DEFAULT_STORE_SEARCH_LIMIT,
  planStoreBatch,
  type StoreBatchPlan,
  type StoreBatchRules,
  type StoreGetRequest,
  type StoreListNamespacesRequest,
  type StoreSearchRequest,
  type StoreWriteRequest,
} from "./store-batch-plan.js";
export {
  parseStoreFilter,
  STORE_FILTER_OPERATORS,
  type StoreFilterCondition,
  type StoreFilterOperator,
} from "./store-filter.js";
export {
  checkNamespaceArray,
  NAMESPACE_LABEL_SEPARATOR,
  readNamespacePath,
  readNamespacePattern,
} from "./store-namespace.js";
export { type StoreValueRules, serializeStoreValue } from "./store-value.js";
