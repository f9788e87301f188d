import type {
  CompressionOptions,
  CorruptCheckpointError,
  HistoryOptions,
  RetentionOptions,
  StateSizeOptions,
  WriteFenceOptions,
} from "@checkpointkit/core";
import {
  type ForeignOptionNames,
  readHistoryMode,
  refuseForeignOptionNames,
  requireFunction,
  requirePositiveInteger,
  validateCompressionOptions,
  validateRetentionOptions,
  validateWriteFenceOptions,
} from "@checkpointkit/core/internal";
import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import type { Cluster, ClusterNode, ClusterOptions, Redis, RedisOptions } from "ioredis";
import type { RedisOutboxOptions } from "./redis-outbox.js";

/** A standalone/sentinel client or a Cluster client of ioredis. */
export type RedisClient = Redis | Cluster;

/**
 * Everything `new RedisSaver(...)` and `RedisSaver.fromUrl(...)` share. `history` (from
 * `HistoryOptions`): `"latest"` keeps only the newest checkpoint per (thread, namespace),
 * trimmed inside the `put` script; not with `outbox`. See the README's "History modes".
 */
/**
 * `requireLease` and `concurrency` (see core's `WriteFenceOptions` and the core README's
 * "Thread leases and optimistic concurrency"): both checked in the write's own Lua script.
 */
export interface RedisSaverCommonOptions
  extends RetentionOptions,
    HistoryOptions,
    WriteFenceOptions,
    StateSizeOptions {
  /**
   * Prepended to every key. Must not contain `{` or `}`. Two savers with different prefixes
   * never see each other's data.
   * @default "checkpointkit:"
   */
  keyPrefix?: string;
  /**
   * How many hash-tag shards threads are spread over (each shard is one Cluster hash slot).
   * More shards spread data and load more evenly over Cluster nodes; fewer shards make
   * `list()` without a `thread_id` and `prune()` over all threads cheaper (they visit every
   * shard). Changing it re-addresses every thread: existing data becomes invisible.
   * @default 64
   */
  shardCount?: number;
  /**
   * Compress stored values at or above a size threshold (`gzip` or `brotli`). The encoding is
   * recorded per value, so reads work whatever this option says now.
   * @default undefined (no compression)
   */
  compression?: CompressionOptions;
  /**
   * Append an entry to the shard's outbox stream in the same script as every `put`,
   * `putWrites`, `deleteThread` and `copyThread` (used by the tiered saver).
   * @default undefined (no outbox)
   */
  outbox?: RedisOutboxOptions;
  /**
   * Deadline, in milliseconds, of each round trip to Redis, including the wait for a
   * (re)connection: past it the call rejects with `BackendUnavailableError` ("timed out") and
   * the connection it waited on is replaced (see the README's error table). Every operation
   * is one round trip except `list` pages and `copyThread` (two), `list` without a thread id
   * (one or two per thread) and `prune` without a thread id (pipelined steps of up to 16 shard
   * scripts, each bounded to 100 threads and 2,000 checkpoints); those stop at the first
   * failing round trip.
   * @default 5000
   */
  commandTimeoutMs?: number;
  /**
   * Receives the `CorruptCheckpointError` of each checkpoint (or thread) that `list` or
   * `prune` cannot read; those calls then skip it and go on with the others. Without this
   * option they still go on, and throw the first `CorruptCheckpointError` at the end, so one
   * corrupt thread never hides the others and never passes unnoticed. `getTuple` and
   * `getDeltaChannelHistory` always throw it.
   * @default undefined
   */
  onCorruptRecord?: (error: CorruptCheckpointError) => void;
  /**
   * How many checkpoint ids `list()` fetches per round trip.
   * @default 50
   */
  listPageSize?: number;
  /**
   * Serializer for checkpoints, metadata and values.
   * @default new JsonPlusSerializer()
   */
  serde?: SerializerProtocol;
}

export interface RedisSaverOptions extends RedisSaverCommonOptions {
  /** Your ioredis `Redis` or `Cluster` client. The saver never closes it. */
  client: RedisClient;
}

export interface RedisSaverFromUrlOptions extends RedisSaverCommonOptions {
  /**
   * How long, in milliseconds, a connection attempt may take, from opening the socket to the
   * server's answer to the handshake, before the connection is dropped and tried again.
   * @default 2000
   */
  connectTimeoutMs?: number;
  /**
   * More ioredis options for the client `fromUrl` creates (e.g. `tls: { ca }`). The saver's
   * own timeout and retry settings win over these.
   * @default {}
   */
  redisOptions?: RedisOptions;
}

/**
 * A startup node of `RedisSaver.fromCluster`: any ioredis form (`{ host, port }`,
 * `"host:port"`, a port number) or the official saver's `{ url: "redis://host:port" }`, whose
 * `user:password@` and `rediss:` (TLS) apply to every node connection.
 */
export type RedisClusterNode = ClusterNode | { url: string };

export interface RedisSaverFromClusterOptions extends RedisSaverCommonOptions {
  /**
   * How long, in milliseconds, a connection attempt to a node may take before it is dropped
   * and tried again.
   * @default 2000
   */
  connectTimeoutMs?: number;
  /**
   * More ioredis `Cluster` options for the client `fromCluster` creates (e.g. `natMap`,
   * `redisOptions: { password, tls }`). The saver's own timeout and retry settings win.
   * @default {}
   */
  clusterOptions?: ClusterOptions;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 5_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
export const DEFAULT_LIST_PAGE_SIZE = 50;

/** The official `@langchain/langgraph-checkpoint-redis` TTL options, which count minutes. */
const OFFICIAL_OPTION_NAMES: ForeignOptionNames = {
  defaultTTL: "ttlSeconds (in seconds: the official saver's defaultTTL counts minutes)",
  refreshOnRead: "refreshTtlOnRead",
};

/** Throws `InvalidConfigError` for any option out of range (the key layout checks its own). */
export function validateRedisSaverOptions(
  options: RedisSaverCommonOptions & { connectTimeoutMs?: number },
): void {
  refuseForeignOptionNames(options, OFFICIAL_OPTION_NAMES, "RedisSaver");
  validateRetentionOptions(options);
  // With the outbox, a checkpoint trimmed before its entry is consumed reads back as
  // `superseded` (see readSerializedRecords): the entry of the checkpoint that trimmed it,
  // appended by the same script, comes later in the same stream.
  readHistoryMode(options);
  validateWriteFenceOptions(options);
  validateCompressionOptions(options.compression);
  requirePositiveInteger(options.commandTimeoutMs, "commandTimeoutMs");
  requirePositiveInteger(options.connectTimeoutMs, "connectTimeoutMs");
  requirePositiveInteger(options.listPageSize, "listPageSize");
  requirePositiveInteger(options.outbox?.maxLength, "outbox.maxLength");
  requireFunction(options.onCorruptRecord, "onCorruptRecord");
}
