import {
  type CompressionOptions,
  type HistoryMode,
  InvalidConfigError,
  type StateSizeOptions,
  type WriteFenceOptions,
} from "@checkpointkit/core";
import { validateWriteFenceOptions } from "@checkpointkit/core/internal";
import type { RedisClient } from "@checkpointkit/redis";
import type { ColdTier } from "./cold-tier.js";
import type { DurableWhen } from "./durable-when.js";
import type { TieredFlusherOptions } from "./flusher-mode.js";
import { readTieredHistoryMode } from "./tiered-history.js";

/**
 * When a `put`/`putWrites` promise resolves:
 * - `memory`: Redis executed the write (lost if Redis dies before persisting it);
 * - `aof`: Redis also fsynced it to its append-only file (`appendfsync always`, or WAITAOF);
 * - `replicated`: at least `replicas` replicas acknowledged it (WAIT);
 * - `durable`: the cold tier committed it.
 */
export type AcknowledgementLevel = "memory" | "aof" | "replicated" | "durable";

/**
 * `requireLease` and `concurrency` (core's `WriteFenceOptions`) are checked by the hot tier's
 * write script; with either, or a lease token in the config, a write never writes through.
 */
/**
 * `maxCheckpointBytes`, `largeStateWarningBytes`, `onLargeState` (core's `StateSizeOptions`):
 * applied by the hot tier to what Redis stores; a write-through applies `maxCheckpointBytes`
 * to what the cold tier stores.
 */
export interface TieredSaverOptions extends WriteFenceOptions, StateSizeOptions {
  /** Your ioredis client for the hot tier. Never closed by the saver. */
  redis: RedisClient;
  /** The durable tier: `new PostgresColdTier({ saver })` or `new CosmosColdTier({ saver })`. */
  cold: ColdTier;
  /**
   * Prefix of every Redis key (hot data and outbox). Must not contain `{` or `}`.
   * @default "checkpointkit:"
   */
  keyPrefix?: string;
  /**
   * Hash-tag shards of the hot tier; each shard has its own outbox stream.
   * @default 64
   */
  shardCount?: number;
  /**
   * Compression of hot values (the cold tier compresses by its own settings).
   * @default undefined
   */
  compression?: CompressionOptions;
  /**
   * Upper bound of one Redis operation, in milliseconds.
   * @default 5000
   */
  commandTimeoutMs?: number;
  /**
   * When writes resolve, unless `durableWhen` asks for more (see `AcknowledgementLevel`).
   * @default "memory"
   */
  acknowledgement?: AcknowledgementLevel;
  /**
   * Checkpoints for which `put` writes through to the cold tier before resolving, whatever
   * `acknowledgement` says. Writes to `__interrupt__` are always written through.
   * @default defaultDurableWhen (the graph's final checkpoint)
   */
  durableWhen?: DurableWhen;
  /**
   * Replicas that must acknowledge a write with `acknowledgement: "replicated"`.
   * @default 1
   */
  replicas?: number;
  /**
   * How long, in milliseconds, `replicated` and WAITAOF-based `aof` writes wait.
   * @default 1000
   */
  persistenceTimeoutMs?: number;
  /**
   * With Redis unreachable: `fail` rejects writes at once with `BackendUnavailableError`;
   * `write-through` writes them straight to the cold tier (and then `getTuple` of a
   * thread's latest checkpoint also asks the cold tier, which may hold something newer).
   * Reads always fall back to the cold tier.
   * @default "fail"
   */
  whenRedisUnavailable?: "fail" | "write-through";
  /**
   * Outbox entries not yet flushed, over all shards, past which writes are held back.
   * @default undefined (no limit)
   */
  maxBacklog?: number;
  /**
   * Age, in milliseconds, of the oldest unflushed entry past which writes are held back.
   * @default undefined (no limit)
   */
  maxLagMs?: number;
  /**
   * Held-back writes `wait` (up to `backpressureTimeoutMs`) or are rejected at once.
   * @default "wait"
   */
  backpressure?: "wait" | "reject";
  /**
   * Longest wait of a held-back write, in milliseconds, before it is rejected.
   * @default 30000
   */
  backpressureTimeoutMs?: number;
  /**
   * The saver's own flusher: its options and `mode` (a worker thread by default, see
   * `TieredFlusherOptions`), or `false` when flushers run elsewhere (`startFlusher`, the
   * `checkpointkit-flusher` CLI).
   * @default {}
   */
  flusher?: TieredFlusherOptions | false;
  /**
   * Threads with no write for this many seconds are removed from both tiers: from Redis once
   * flushed (it caps the flusher's `hotTtlSeconds`), from the cold tier by its own expiry
   * (PostgreSQL: the `deleteExpiredThreads` query with this TTL; Cosmos DB: the cold writer's
   * `expireIdleThreads`, by the same clock), both at the in-process
   * flusher's sweep. Reads do not extend it. With `flusher: false`, give your flushers the same
   * `ttlSeconds`.
   * @default undefined (threads never expire)
   */
  ttlSeconds?: number;
  /**
   * How long `close()` keeps flushing before it stops the in-process flusher, in milliseconds.
   * @default 10000
   */
  closeDrainTimeoutMs?: number;
  /**
   * `"full"` keeps every checkpoint; `"latest"` keeps only the newest per (thread, namespace)
   * in both tiers: Redis trims in the put's own script, the cold tier when the flusher ships
   * the newer checkpoint, and reads never show a checkpoint Redis superseded. The cold tier's
   * saver must keep the same history (`new PostgresSaver({ history: "latest" })` or
   * `new CosmosSaver({ history: "latest" })`), else `InvalidConfigError`.
   * @default "full"
   */
  history?: HistoryMode;
}

export const DEFAULT_PERSISTENCE_TIMEOUT_MS = 1_000;
export const DEFAULT_BACKPRESSURE_TIMEOUT_MS = 30_000;
export const DEFAULT_CLOSE_DRAIN_TIMEOUT_MS = 10_000;

const LEVELS: ReadonlySet<string> = new Set(["memory", "aof", "replicated", "durable"]);

export function validateTieredSaverOptions(options: TieredSaverOptions): void {
  validateWriteFenceOptions(options ?? {});
  if (typeof options?.redis !== "object" || options.redis === null) {
    throw new InvalidConfigError("TieredSaver needs an ioredis client in `redis`", {
      field: "redis",
    });
  }
  if (typeof options.cold?.writeBatch !== "function") {
    throw new InvalidConfigError("TieredSaver needs a ColdTier in `cold`", { field: "cold" });
  }
  if (options.acknowledgement !== undefined && !LEVELS.has(options.acknowledgement)) {
    throw new InvalidConfigError(
      `acknowledgement must be memory, aof, replicated or durable, got ${String(options.acknowledgement)}`,
      { field: "acknowledgement" },
    );
  }
  if (
    options.ttlSeconds !== undefined &&
    !(Number.isInteger(options.ttlSeconds) && options.ttlSeconds > 0)
  ) {
    throw new InvalidConfigError(
      `ttlSeconds must be a positive integer, got ${String(options.ttlSeconds)}`,
      { field: "ttlSeconds" },
    );
  }
  for (const field of [
    "replicas",
    "persistenceTimeoutMs",
    "maxBacklog",
    "maxLagMs",
    "backpressureTimeoutMs",
    "closeDrainTimeoutMs",
  ] as const) {
    const value = options[field];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw new InvalidConfigError(`${field} must be an integer ≥ 0, got ${value}`, { field });
    }
  }
  if (
    options.whenRedisUnavailable !== undefined &&
    options.whenRedisUnavailable !== "fail" &&
    options.whenRedisUnavailable !== "write-through"
  ) {
    throw new InvalidConfigError('whenRedisUnavailable must be "fail" or "write-through"', {
      field: "whenRedisUnavailable",
    });
  }
  if (
    options.backpressure !== undefined &&
    options.backpressure !== "wait" &&
    options.backpressure !== "reject"
  ) {
    throw new InvalidConfigError('backpressure must be "wait" or "reject"', {
      field: "backpressure",
    });
  }
  readTieredHistoryMode(options);
}
