/*
 * `@checkpointkit/cosmos/store`: LangGraph's long-term memory (`BaseStore`) on Azure Cosmos DB.
 */
export { CosmosStore } from "./cosmos-store.js";
export {
  type CosmosStoreConnectionOptions,
  type CosmosStoreIndexConfig,
  type CosmosStoreOperationName,
  type CosmosStoreOptions,
  type CosmosStorePutOptions,
  type CosmosStoreSearchMode,
  type CosmosStoreSetupOptions,
  type CosmosStoreVectorIndexType,
  type CosmosStoreVectorSearch,
  DEFAULT_LIST_NAMESPACES_LIMIT,
  DEFAULT_PARTITION_LABELS,
  DEFAULT_SEARCH_LIMIT,
  type EmbeddingsLike,
  type EmbedTexts,
  STORE_PARTITION_KEY_PATH,
} from "./cosmos-store-options.js";
export { STORE_INDEXING_POLICY } from "./store-setup.js";
