/*
 * `@checkpointkit/redis/store`: LangGraph's long-term memory (`BaseStore`) on plain Redis,
 * Valkey and Redis Cluster, without modules.
 */
export { RedisStore } from "./redis-store.js";
export {
  DEFAULT_LIST_NAMESPACES_LIMIT,
  DEFAULT_SEARCH_LIMIT,
  DEFAULT_STORE_SHARD_COUNT,
  DEFAULT_STORE_SHARD_DEPTH,
  type EmbeddingsLike,
  type EmbedTexts,
  type RedisStoreCommonOptions,
  type RedisStoreFromClusterOptions,
  type RedisStoreFromUrlOptions,
  type RedisStoreIndexConfig,
  type RedisStoreOptions,
  type RedisStorePutOptions,
} from "./redis-store-options.js";
export { StoreKeyLayout, type StoreShardKeys } from "./store-key-layout.js";
