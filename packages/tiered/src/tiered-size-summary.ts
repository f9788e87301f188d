import {
  DEFAULT_SIZE_SUMMARY_LAST_N,
  type StoredCheckpointSize,
  summarizeRecordedSizes,
  type ThreadSizeSummary,
  type ThreadSizeSummaryOptions,
} from "@checkpointkit/core";
import { readThreadIdArgument, requirePositiveInteger } from "@checkpointkit/core/internal";
import { compareCodePoints } from "./merge-list.js";
import { assertRedisConnected } from "./redis-availability.js";
import { servedByColdTier, type TieredReadContext } from "./tiered-reads.js";

function addressOf(size: StoredCheckpointSize): string {
  return JSON.stringify([size.checkpointNs, size.checkpointId]);
}

/** Newest checkpoint id first; namespaces break ties, as the savers' own summaries order them. */
function newerFirst(a: StoredCheckpointSize, b: StoredCheckpointSize): number {
  return (
    compareCodePoints(b.checkpointId, a.checkpointId) ||
    compareCodePoints(a.checkpointNs, b.checkpointNs)
  );
}

/**
 * The thread's size from the records both tiers hold:
 * - Redis holds at least `lastN` checkpoints of the thread: its summary (they are the newest);
 * - Redis holds none (the thread left Redis, or Redis is down): the cold tier's summary (over
 *   PostgreSQL the whole thread's, scope `thread`);
 * - Redis holds fewer (a thread read back from the cold tier holds only its latest there, plus
 *   what was written since): the newest `lastN` records of both tiers, each checkpoint once
 *   (Redis's record of it when both hold it), scope `lastN`. One cold request more.
 */
export async function tieredThreadSizeSummary(
  context: TieredReadContext,
  threadId: string,
  options?: ThreadSizeSummaryOptions,
): Promise<ThreadSizeSummary> {
  // Refused before any request.
  const thread = readThreadIdArgument(threadId, "threadId");
  requirePositiveInteger(options?.lastN, "lastN");
  const lastN = options?.lastN ?? DEFAULT_SIZE_SUMMARY_LAST_N;
  let fromHot: ThreadSizeSummary;
  try {
    assertRedisConnected(context.hotRedis, "threadSizeSummary");
    fromHot = await context.hot.threadSizeSummary(thread, { lastN });
  } catch (error) {
    if (servedByColdTier(context, error, "threadSizeSummary")) {
      return context.cold.threadSizeSummary(thread, { lastN });
    }
    throw error;
  }
  if (fromHot.recentCheckpoints.length >= lastN) return fromHot;
  const fromCold = await context.cold.threadSizeSummary(thread, { lastN });
  if (fromHot.recentCheckpoints.length === 0) return fromCold;
  const recent = new Map<string, StoredCheckpointSize>();
  for (const size of [...fromHot.recentCheckpoints, ...fromCold.recentCheckpoints]) {
    if (!recent.has(addressOf(size))) recent.set(addressOf(size), size);
  }
  return summarizeRecordedSizes({
    threadId: thread,
    recent: [...recent.values()].sort(newerFirst).slice(0, lastN),
  });
}
