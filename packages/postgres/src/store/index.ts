/*
 * `@checkpointkit/postgres/store`: LangGraph's long-term memory (`BaseStore`) on PostgreSQL.
 */
export { PostgresStore } from "./postgres-store.js";
export {
  DEFAULT_LIST_NAMESPACES_LIMIT,
  DEFAULT_SEARCH_LIMIT,
  type EmbeddingsLike,
  type EmbedTexts,
  MAX_KEY_BYTES,
  MAX_NAMESPACE_BYTES,
  type PostgresStoreCommonOptions,
  type PostgresStoreConnStringOptions,
  type PostgresStoreIndexConfig,
  type PostgresStoreOptions,
  type PostgresStorePutOptions,
} from "./postgres-store-options.js";
export type { VectorScoring } from "./search-statement.js";
export type { VectorSupport } from "./store-pgvector.js";
