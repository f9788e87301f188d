import { InvalidConfigError } from "@checkpointkit/core";

/** How a flusher reads the outbox and retries the cold tier. */
export interface FlusherOptions {
  /**
   * Most outbox entries one flush reads, so most records of one cold-tier batch.
   * @default 500
   */
  batchSize?: number;
  /**
   * Most bytes of serialized values one cold-tier batch carries; a flush splits its records
   * into batches of at most this size (a single record bigger than that goes alone).
   * Together with `batchSize` (records) this bounds what one cold write holds.
   * @default 8388608 (8 MiB)
   */
  maxBatchBytes?: number;
  /**
   * How long an idle flusher waits before looking at the outbox again, in milliseconds. An
   * in-process flusher is also woken by every write of its own saver.
   * @default 50
   */
  pollIntervalMs?: number;
  /**
   * How long, in milliseconds, a flusher woken by a write of its own saver waits for more
   * writes before it reads, so writes arriving together go to the cold tier in one batch.
   * @default 20
   */
  lingerMs?: number;
  /**
   * Entries another flusher read but has not acknowledged for this many milliseconds are
   * taken over (that flusher is presumed dead).
   * @default 30000
   */
  claimIdleMs?: number;
  /**
   * How often, in milliseconds, the flusher looks for entries to take over.
   * @default 5000
   */
  claimIntervalMs?: number;
  /**
   * First retry delay after a failed flush or outbox read (cold tier or Redis unreachable),
   * in milliseconds; doubles per failure in a row up to `retryMaxDelayMs`, and starts over
   * after a success.
   * @default 100
   */
  retryBaseDelayMs?: number;
  /**
   * Cap of the retry delay, in milliseconds.
   * @default 5000
   */
  retryMaxDelayMs?: number;
  /**
   * Attempts after which an entry the cold tier keeps rejecting (not an outage: a rejected
   * record) is moved to the shard's dead-letter stream. A record that can never be written
   * (too large on its own, corrupt, invalid, its data gone from Redis) is moved at once.
   * @default 5
   */
  maxAttempts?: number;
  /**
   * Hot keys of a flushed thread are deleted from Redis once the thread has had no write for
   * this many seconds and has nothing left in the outbox; the cold tier keeps serving it.
   * `null` keeps flushed threads in Redis.
   * @default 3600
   */
  hotTtlSeconds?: number | null;
  /**
   * How often, in milliseconds, the flusher looks for flushed threads past `hotTtlSeconds`
   * (and, with `ttlSeconds`, for threads to expire in the cold tier).
   * @default 60000, or half of `ttlSeconds` when that is shorter (at least 100)
   */
  sweepIntervalMs?: number;
  /**
   * Threads with no write for this many seconds are removed from both tiers at the next
   * sweep: from Redis once nothing of them is left in the outbox (this caps `hotTtlSeconds`),
   * from the cold tier by its `expireThreads`. Reads do not extend it. `TieredSaver` passes
   * its own `ttlSeconds` to its in-process flusher; give flushers run elsewhere the same.
   * @default undefined (threads never expire)
   */
  ttlSeconds?: number;
  /**
   * This flusher's name in the consumer group; unique per process.
   * @default `<hostname>-<pid>-<random>`
   */
  consumerName?: string;
}

export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_MAX_BATCH_BYTES = 8 * 1024 * 1024;
export const DEFAULT_POLL_INTERVAL_MS = 50;
export const DEFAULT_LINGER_MS = 20;
export const DEFAULT_CLAIM_IDLE_MS = 30_000;
export const DEFAULT_CLAIM_INTERVAL_MS = 5_000;
export const DEFAULT_RETRY_BASE_DELAY_MS = 100;
export const DEFAULT_RETRY_MAX_DELAY_MS = 5_000;
export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_HOT_TTL_SECONDS = 3_600;
export const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

export function validateFlusherOptions(options: FlusherOptions): void {
  const positive: (keyof FlusherOptions)[] = [
    "batchSize",
    "maxBatchBytes",
    "pollIntervalMs",
    "claimIntervalMs",
    "retryBaseDelayMs",
    "retryMaxDelayMs",
    "maxAttempts",
    "sweepIntervalMs",
    "ttlSeconds",
  ];
  for (const field of positive) {
    const value = options[field];
    if (
      value !== undefined &&
      !(typeof value === "number" && Number.isInteger(value) && value > 0)
    ) {
      throw new InvalidConfigError(`${field} must be a positive integer, got ${String(value)}`, {
        field,
      });
    }
  }
  const { claimIdleMs, lingerMs, hotTtlSeconds } = options;
  for (const [field, value] of [
    ["claimIdleMs", claimIdleMs],
    ["lingerMs", lingerMs],
  ] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw new InvalidConfigError(`${field} must be an integer ≥ 0, got ${value}`, { field });
    }
  }
  if (
    hotTtlSeconds !== undefined &&
    hotTtlSeconds !== null &&
    !(Number.isInteger(hotTtlSeconds) && hotTtlSeconds > 0)
  ) {
    throw new InvalidConfigError(`hotTtlSeconds must be a positive integer, got ${hotTtlSeconds}`, {
      field: "hotTtlSeconds",
    });
  }
}
