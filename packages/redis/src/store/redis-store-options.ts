import { InvalidConfigError } from "@checkpointkit/core";
import {
  DEFAULT_STORE_LIST_NAMESPACES_LIMIT,
  DEFAULT_STORE_SEARCH_LIMIT,
  type EmbeddingsLike,
  type EmbedTexts,
  requirePositiveInteger,
  type StoreIndexConfigBase,
} from "@checkpointkit/core/internal";
import type { ClusterOptions, RedisOptions } from "ioredis";
import type { RedisClient, RedisClusterNode } from "../redis-saver-options.js";

export type { EmbeddingsLike, EmbedTexts, RedisClient, RedisClusterNode };

/** Semantic search: how items are embedded. Search is exact cosine, inside Lua, per shard. */
export interface RedisStoreIndexConfig extends StoreIndexConfigBase {
  /** Length of every vector `embed` returns; a vector of another length is refused. */
  dims: number;
  /** A LangChain `Embeddings` object, or a function from texts to vectors. */
  embed: EmbeddingsLike | EmbedTexts;
  /**
   * Paths of the value whose text is embedded, one vector per text (`"text"`, `"a.b"`,
   * `"chapters[*]"`, `"tags[-1]"`; `"$"` is the whole value as JSON). A `put` may name its
   * own paths, or `false` for none.
   * @default ["$"]
   */
  fields?: string[];
}

/** Options shared by `new RedisStore(...)`, `RedisStore.fromUrl` and `RedisStore.fromCluster`. */
export interface RedisStoreCommonOptions {
  /**
   * Prepended to every key (the saver's default, so one prefix holds both). Must not contain
   * `{` or `}`.
   * @default "checkpointkit:"
   */
  keyPrefix?: string;
  /**
   * How many hash-tag shards (each one Cluster hash slot) namespaces are spread over.
   * A search or `listNamespaces` whose prefix is shorter than `shardDepth` visits every
   * shard. Changing it re-addresses every item: existing items become invisible.
   * @default 16
   */
  shardCount?: number;
  /**
   * How many leading labels of a namespace choose its shard. A search whose prefix has at
   * least this many labels (none of them `*` for `listNamespaces`) runs on one shard only.
   * With the default, `["memories", userId]` puts each user's items on one shard. Changing
   * it re-addresses every item.
   * @default 2
   */
  shardDepth?: number;
  /** Semantic search; without it `search` ignores `query`. @default undefined */
  index?: RedisStoreIndexConfig;
  /**
   * Seconds an item lives after its last write (or read, see `refreshTtlOnRead`); a `put`
   * may set its own. Undefined: items never expire.
   * @default undefined
   */
  ttlSeconds?: number;
  /**
   * A `get` or `search` that returns an item starts its TTL again, in the same script.
   * @default true
   */
  refreshTtlOnRead?: boolean;
  /**
   * Deadline, in milliseconds, of each round trip, including the wait for a (re)connection;
   * past it the call rejects with `BackendUnavailableError`, as for the saver.
   * @default 5000
   */
  commandTimeoutMs?: number;
}

/** `new RedisStore({ client, ... })`: the store borrows the client and never closes it. */
export interface RedisStoreOptions extends RedisStoreCommonOptions {
  /** Your ioredis `Redis` or `Cluster` client. */
  client: RedisClient;
}

/** `RedisStore.fromUrl(url, options)`: the store creates, owns and closes its client. */
export interface RedisStoreFromUrlOptions extends RedisStoreCommonOptions {
  /** Milliseconds a connection attempt may take. @default 2000 */
  connectTimeoutMs?: number;
  /** More ioredis options; the store's own timeout and retry settings win. @default {} */
  redisOptions?: RedisOptions;
}

/** `RedisStore.fromCluster(nodes, options)`: the store owns its Cluster client. */
export interface RedisStoreFromClusterOptions extends RedisStoreCommonOptions {
  /** Milliseconds a connection attempt to a node may take. @default 2000 */
  connectTimeoutMs?: number;
  /** More ioredis `Cluster` options; the store's own timeout and retry settings win. @default {} */
  clusterOptions?: ClusterOptions;
}

/** Per-item options of `RedisStore.put`. */
export interface RedisStorePutOptions {
  /** This item's TTL in seconds; `null`: never expires. Default: the store's `ttlSeconds`. */
  ttlSeconds?: number | null;
}

/** Default number of results of `search` (LangGraph's default). */
export const DEFAULT_SEARCH_LIMIT = DEFAULT_STORE_SEARCH_LIMIT;
/** Default number of results of `listNamespaces` (LangGraph's default). */
export const DEFAULT_LIST_NAMESPACES_LIMIT = DEFAULT_STORE_LIST_NAMESPACES_LIMIT;
export const DEFAULT_STORE_SHARD_COUNT = 16;
export const DEFAULT_STORE_SHARD_DEPTH = 2;

/** Refuses options the store could not honour, at construction rather than at first use. */
export function validateRedisStoreOptions(
  options: RedisStoreCommonOptions & { connectTimeoutMs?: number },
): void {
  const { ttlSeconds } = options;
  if (ttlSeconds !== undefined && !(Number.isFinite(ttlSeconds) && ttlSeconds > 0)) {
    throw new InvalidConfigError("ttlSeconds must be a positive number", { field: "ttlSeconds" });
  }
  if (options.refreshTtlOnRead !== undefined && typeof options.refreshTtlOnRead !== "boolean") {
    throw new InvalidConfigError("refreshTtlOnRead must be a boolean", {
      field: "refreshTtlOnRead",
    });
  }
  requirePositiveInteger(options.shardCount, "shardCount");
  requirePositiveInteger(options.shardDepth, "shardDepth");
  requirePositiveInteger(options.commandTimeoutMs, "commandTimeoutMs");
  requirePositiveInteger(options.connectTimeoutMs, "connectTimeoutMs");
  const keyPrefix = options.keyPrefix;
  if (keyPrefix !== undefined && (typeof keyPrefix !== "string" || /[{}]/.test(keyPrefix))) {
    throw new InvalidConfigError("keyPrefix must be a string without `{` or `}`", {
      field: "keyPrefix",
    });
  }
}
