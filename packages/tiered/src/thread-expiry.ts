import { InvalidConfigError } from "@checkpointkit/core";
import type { ColdTier } from "./cold-tier.js";
import {
  DEFAULT_HOT_TTL_SECONDS,
  DEFAULT_SWEEP_INTERVAL_MS,
  type FlusherOptions,
} from "./flusher-options.js";

/** The shortest sweep interval `ttlSeconds` leads to, in milliseconds. */
const MIN_SWEEP_INTERVAL_MS = 100;

/** What a flusher's periodic sweep removes, and how often it runs. */
export interface SweepPlan {
  /** Flushed threads idle this long leave Redis; null: never. */
  hotTtlSeconds: number | null;
  /** Threads idle this long leave the cold tier too; undefined: never. */
  ttlSeconds: number | undefined;
  sweepIntervalMs: number;
}

/**
 * One TTL for both tiers: `ttlSeconds` caps `hotTtlSeconds` (Redis keeps a flushed thread at
 * most that long) and expires threads in the cold tier; the sweep runs often enough (half
 * the TTL) for data to be gone soon after it expired.
 */
export function sweepPlan(options: FlusherOptions): SweepPlan {
  const { ttlSeconds } = options;
  const hot = options.hotTtlSeconds === undefined ? DEFAULT_HOT_TTL_SECONDS : options.hotTtlSeconds;
  const hotTtlSeconds =
    ttlSeconds === undefined ? hot : hot === null ? ttlSeconds : Math.min(hot, ttlSeconds);
  const sweepIntervalMs =
    options.sweepIntervalMs ??
    (ttlSeconds === undefined
      ? DEFAULT_SWEEP_INTERVAL_MS
      : Math.min(DEFAULT_SWEEP_INTERVAL_MS, Math.max(MIN_SWEEP_INTERVAL_MS, ttlSeconds * 500)));
  return { hotTtlSeconds, ttlSeconds, sweepIntervalMs };
}

/** Refuses a TTL the cold tier cannot apply, before anything runs. */
export function assertColdTierExpires(cold: ColdTier, ttlSeconds: number | undefined): void {
  if (ttlSeconds === undefined || typeof cold.expireThreads === "function") return;
  throw new InvalidConfigError(
    `ttlSeconds: the ${cold.backend} cold tier cannot expire threads itself; set the TTL on its saver instead`,
    { field: "ttlSeconds" },
  );
}

/**
 * The TTL the cold tier may apply to what was flushed: the shorter of the flusher's
 * `ttlSeconds` and the tier's own retention.
 */
export function coldRetentionSeconds(
  cold: ColdTier,
  ttlSeconds: number | undefined,
): number | undefined {
  const known = [ttlSeconds, cold.ttlSeconds].filter((value) => value !== undefined);
  return known.length === 0 ? undefined : Math.min(...known);
}
