import {
  DEFAULT_STORE_LIST_NAMESPACES_LIMIT,
  DEFAULT_STORE_SEARCH_LIMIT,
  type EmbeddingsLike,
  type EmbedTexts,
  type StoreIndexConfigBase,
} from "@checkpointkit/core/internal";
import type pg from "pg";

export type { EmbeddingsLike, EmbedTexts };

/** Semantic search: how items are embedded and how vectors are indexed. */
export interface PostgresStoreIndexConfig extends StoreIndexConfigBase {
  /** Length of every vector `embed` returns; a vector of another length is refused. */
  dims: number;
  /** A LangChain `Embeddings` object, or a function from texts to vectors. */
  embed: EmbeddingsLike | EmbedTexts;
  /**
   * Paths of the value whose text is embedded, one vector per text: `"text"`,
   * `"meta.title"`, `"chapters[*].body"`, `"authors[0]"`, `"tags[-1]"`; `"$"` is the whole
   * value as JSON. A `put` may name its own paths, or `false` for none.
   * @default ["$"]
   */
  fields?: string[];
  /**
   * `"auto"`: when `setup()` finds pgvector (or can create it), a `vector` column generated
   * from the float8 array every write stores, an HNSW index on it, and scores from pgvector's
   * cosine distance — still over every vector under the prefix, so the ranking stays exact.
   * `"approximate"`: as `"auto"`, and a search without `filter` takes its candidates from the
   * HNSW index (iterative scan): much less work on large namespaces, approximate results.
   * `"exact"`: never pgvector. Without pgvector every mode ranks exactly in SQL.
   * @default "auto"
   */
  vectorSearch?: "auto" | "exact" | "approximate";
  /** HNSW build parameters (pgvector only). @default { m: 16, efConstruction: 64 } */
  hnsw?: { m?: number; efConstruction?: number };
}

/** Options shared by `new PostgresStore(...)` and `PostgresStore.fromConnString(...)`. */
export interface PostgresStoreCommonOptions {
  /**
   * Schema holding the store's tables, next to the saver's (the same default). Created by
   * `setup()`; at most 63 bytes.
   * @default "checkpointkit"
   */
  schema?: string;
  /** Semantic search; without it `search` ignores `query`. @default undefined */
  index?: PostgresStoreIndexConfig;
  /**
   * Seconds an item lives after its last write (or read, see `refreshTtlOnRead`);
   * a `put` may set its own. Undefined: items never expire.
   * @default undefined
   */
  ttlSeconds?: number;
  /**
   * A `get` or `search` that returns an item starts its TTL again, in the same statement.
   * @default true
   */
  refreshTtlOnRead?: boolean;
  /**
   * When set, `sweepExpiredItems()` runs every this many milliseconds in the background
   * until `close()`. Expired items are invisible to every read either way.
   * @default undefined
   */
  ttlSweepIntervalMs?: number;
  /** Receives errors of background sweeps (the next sweep retries). @default undefined */
  onBackgroundError?: (error: unknown) => void;
  /** Milliseconds a call waits for a pooled connection. @default 5000 */
  connectionTimeoutMs?: number;
  /** Client-side deadline, in milliseconds, of one statement. @default 30000 */
  queryTimeoutMs?: number;
}

/** `new PostgresStore({ pool, ... })`: the store borrows the pool and never ends it. */
export interface PostgresStoreOptions extends PostgresStoreCommonOptions {
  /** The application's pool; give it an `error` listener, as for the saver. */
  pool: pg.Pool;
}

/** `PostgresStore.fromConnString(url, options)`: the store creates, owns and ends the pool. */
export interface PostgresStoreConnStringOptions extends PostgresStoreCommonOptions {
  /** Extra `pg.Pool` settings; the URL wins for what it sets. */
  poolOptions?: Omit<pg.PoolConfig, "connectionString">;
}

/** Per-item options of `PostgresStore.put`. */
export interface PostgresStorePutOptions {
  /** This item's TTL in seconds; `null`: never expires. Default: the store's `ttlSeconds`. */
  ttlSeconds?: number | null;
}

/** Default number of results of `search` (LangGraph's default). */
export const DEFAULT_SEARCH_LIMIT = DEFAULT_STORE_SEARCH_LIMIT;
/** Default number of results of `listNamespaces` (LangGraph's default). */
export const DEFAULT_LIST_NAMESPACES_LIMIT = DEFAULT_STORE_LIST_NAMESPACES_LIMIT;
/** Largest namespace, in UTF-8 bytes of its labels joined by dots: keeps the primary key indexable. */
export const MAX_NAMESPACE_BYTES = 1024;
/** Largest key, in UTF-8 bytes (after the U+0000 escape): keeps the primary key indexable. */
export const MAX_KEY_BYTES = 1024;
