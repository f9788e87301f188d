import type { Container } from "@azure/cosmos";
import type { CosmosContainerLocation } from "../cosmos-saver-options.js";

/** Embeds texts, one vector per text, in order. */
export type EmbedTexts = (texts: string[]) => Promise<number[][]>;

/** The part of LangChain's `Embeddings` the store calls. */
export interface EmbeddingsLike {
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}

/** Semantic search: how items are embedded (the same shape as `PostgresStore`'s `index`). */
export interface CosmosStoreIndexConfig {
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
}

/** Which search path a store with an `index` may take (option `vectorSearch`). */
export type CosmosStoreVectorSearch = "auto" | "exact" | "service";
/** Cosmos DB's vector index types. */
export type CosmosStoreVectorIndexType = "flat" | "quantizedFlat" | "diskANN";
/** The path a store's semantic searches take now (`CosmosStore.searchMode`). */
export type CosmosStoreSearchMode = "exact" | "service";

/** `new CosmosStore({ container, ... })`: the caller owns the client and the container. */
export interface CosmosStoreOptions {
  /**
   * The container of the store's items, partitioned on `/pk` (`setup({ createIfNotExists })`
   * creates it so). Keep it apart from the saver's container: the partition keys differ.
   */
  container: Container;
  /**
   * How many leading labels of a namespace form its partition key. Pick the labels your
   * reads name: 1 for `[userId, ...]`, 2 for `["memories", userId, ...]`, so one user's
   * items are one logical partition (gets, searches and writes of that user never cross
   * partitions; a logical partition holds at most 20 GB). A search or listing whose prefix
   * is shorter than this is a cross-partition query. Fixed for a container's life.
   * @default 1
   */
  partitionLabels?: number;
  /** Semantic search; without it `search` ignores `query`. @default undefined */
  index?: CosmosStoreIndexConfig;
  /**
   * Seconds an item lives after its last write (or read, see `refreshTtlOnRead`), through
   * Cosmos DB's own TTL (item `ttl`, container `defaultTtl` -1); a `put` may set its own.
   * Cosmos DB counts whole seconds: a fraction is rounded up. Undefined: items never expire.
   * @default undefined
   */
  ttlSeconds?: number;
  /**
   * A `get` or `search` that returns an item with a TTL starts it again: one patch per
   * returned item, sent as one transactional batch per partition after the read.
   * @default true
   */
  refreshTtlOnRead?: boolean;
  /**
   * Deadline of one store call (`batch`, `get`, `search`, ...), in milliseconds, the SDK's
   * own retries included. Past it the call rejects with `BackendUnavailableError`.
   * @default 20_000
   */
  operationTimeoutMs?: number;
  /**
   * Where a semantic search ranks: `"exact"` reads every candidate's vectors and scores them
   * in the client; `"service"` asks Cosmos DB (`ORDER BY VectorDistance`, `TOP`) for the
   * nearest candidates and re-ranks those exactly; `"auto"` takes the service path when
   * `setup()` finds the container's vector policy fit, else the exact one (said once through
   * `onVectorSearchFallback`). `"service"` makes `setup()` fail instead of falling back.
   * Only with `index`. See `searchMode`.
   * @default "auto"
   */
  vectorSearch?: CosmosStoreVectorSearch;
  /**
   * Vector index of a container `setup({ createIfNotExists })` creates for the service path.
   * @default "flat" up to 505 dimensions, else "quantizedFlat"
   */
  vectorIndexType?: CosmosStoreVectorIndexType;
  /**
   * Called once, by `setup()`, when `vectorSearch: "auto"` falls back to the exact search,
   * with the reason. Without it the reason goes to `process.emitWarning` (type
   * `CosmosStoreVectorSearchWarning`).
   * @default undefined
   */
  onVectorSearchFallback?: (reason: string) => void;
  /** Called with the request units each store call consumed. @default undefined */
  onRequestCharge?: (operation: CosmosStoreOperationName, requestUnits: number) => void;
}

/**
 * `CosmosStore.fromConnectionString(connectionString, options)`: the store creates, owns and
 * disposes (`close()`) its client, with the saver's client settings.
 */
export interface CosmosStoreConnectionOptions extends Omit<CosmosStoreOptions, "container"> {
  /** Database id. */
  databaseId: string;
  /** Container id of the store (not the saver's container). */
  containerId: string;
  /** As the saver's `requestTimeoutMs`. @default 5_000 */
  requestTimeoutMs?: number;
  /** As the saver's `consistencyLevel`. @default undefined (the account's default) */
  consistencyLevel?: CosmosContainerLocation["consistencyLevel"];
  /** As the saver's `retryOptions`. @default the SDK's */
  retryOptions?: CosmosContainerLocation["retryOptions"];
  /** More `CosmosClient` options. @default {} */
  clientOptions?: CosmosContainerLocation["clientOptions"];
}

/** Per-item options of `CosmosStore.put`. */
export interface CosmosStorePutOptions {
  /** This item's TTL in seconds; `null`: never expires. Default: the store's `ttlSeconds`. */
  ttlSeconds?: number | null;
}

/** Options of `CosmosStore.setup()`. */
export interface CosmosStoreSetupOptions {
  /**
   * Create the database and container when they do not exist yet. Without it, `setup()`
   * only checks that the container exists and is partitioned on `/pk`.
   * @default false
   */
  createIfNotExists?: boolean;
  /** Throughput of a container created by `setup()`, in RU/s. @default undefined */
  throughputRequestUnits?: number;
}

/** What `onRequestCharge` and error messages call each store call. */
export type CosmosStoreOperationName = "store.batch" | "store.setup";

/** Default number of results of `search` (LangGraph's default). */
export const DEFAULT_SEARCH_LIMIT = 10;
/** Default number of results of `listNamespaces` (LangGraph's default). */
export const DEFAULT_LIST_NAMESPACES_LIMIT = 100;
export const DEFAULT_STORE_OPERATION_TIMEOUT_MS = 20_000;
export const DEFAULT_PARTITION_LABELS = 1;
/** The partition key path of the store's container. */
export const STORE_PARTITION_KEY_PATH = "/pk";
