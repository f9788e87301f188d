import { InvalidConfigError, type PruneOptions, type PruneResult } from "@checkpointkit/core";
import { readThreadIdArgument } from "@checkpointkit/core/internal";
import type { RedisSaver } from "@checkpointkit/redis";
import type { ColdTier } from "./cold-tier.js";

/** How long `prune` and `copyThread` wait for the flush that comes first, in milliseconds. */
export const RETENTION_FLUSH_TIMEOUT_MS = 30_000;

/** What prune and copy need of the saver. */
export interface RetentionContext {
  hot: RedisSaver;
  cold: ColdTier;
  flush(threadId: string | undefined, options: { timeoutMs: number }): Promise<void>;
}

interface PruningSaver {
  prune(options: PruneOptions): Promise<PruneResult>;
}

interface CopyingSaver {
  copyThread(fromThreadId: string, toThreadId: string): Promise<void>;
}

function coldSaverWith<K extends "prune" | "copyThread">(
  cold: ColdTier,
  method: K,
): K extends "prune" ? PruningSaver : CopyingSaver {
  const saver = cold.saver as unknown as Record<string, unknown>;
  if (typeof saver[method] !== "function") {
    throw new InvalidConfigError(`the cold tier's saver has no ${method}`, { field: "cold" });
  }
  return saver as never;
}

/**
 * Prunes both tiers alike: first flushes (so the cold tier holds what Redis holds), then
 * prunes the cold tier, then Redis. Resolves with the larger count (the cold tier holds
 * every checkpoint Redis holds, and those swept from Redis).
 */
export async function pruneBothTiers(
  context: RetentionContext,
  options: PruneOptions,
): Promise<PruneResult> {
  if (options?.keepLatest === undefined && options?.olderThan === undefined) {
    throw new InvalidConfigError("prune needs keepLatest or olderThan", { field: "keepLatest" });
  }
  const threadId =
    options.threadId === undefined ? undefined : readThreadIdArgument(options.threadId, "threadId");
  const cold = coldSaverWith(context.cold, "prune");
  await context.flush(threadId, { timeoutMs: RETENTION_FLUSH_TIMEOUT_MS });
  const pruneOptions = { ...options, threadId };
  const coldResult = await cold.prune(pruneOptions);
  const hotResult = await context.hot.prune(pruneOptions);
  return {
    deletedCheckpoints: Math.max(coldResult.deletedCheckpoints, hotResult.deletedCheckpoints),
  };
}

/**
 * Copies a thread in both tiers: first flushes the source (so the cold tier holds what
 * Redis holds), then copies the cold tier, then Redis. The Redis copy's outbox entry needs
 * no flush: the cold tier was copied already.
 */
export async function copyThreadInBothTiers(
  context: RetentionContext,
  fromThreadId: string,
  toThreadId: string,
): Promise<void> {
  const from = readThreadIdArgument(fromThreadId, "fromThreadId");
  const to = readThreadIdArgument(toThreadId, "toThreadId");
  const cold = coldSaverWith(context.cold, "copyThread");
  await context.flush(from, { timeoutMs: RETENTION_FLUSH_TIMEOUT_MS });
  await cold.copyThread(from, to);
  await context.hot.copyThread(from, to);
}
