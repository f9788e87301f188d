import {
  readListThreadsOptions,
  type ThreadListing,
  type ThreadListPage,
} from "@checkpointkit/core";
import type { ColdTier, ThreadTotals } from "./cold-tier.js";
import { compareCodePoints } from "./merge-list.js";
import { decodeThreadCursor, encodeThreadCursor, type TierPosition } from "./thread-list-cursor.js";
import {
  type Peeked,
  type ReadBudget,
  type ThreadListingTier,
  TierThreadStream,
} from "./tier-thread-stream.js";

/** Reads of each tier's listing one page may make; past them the page ends early, with a cursor. */
export const TIER_READS_PER_PAGE = 4;

/** What listing threads across tiers needs of the saver. */
export interface ThreadListingContext {
  hot: ThreadListingTier;
  cold: Pick<ColdTier, "listThreads" | "threadTotals">;
  /** Which of these threads the hot tier lists (Redis holds checkpoints of them). */
  hotHolds(threadIds: readonly string[]): Promise<ReadonlySet<string>>;
  /** Throws when the hot tier cannot be read now (`assertRedisConnected`). */
  assertHotReachable(): void;
  /** True when a hot-tier failure means "Redis down: list the cold tier only"; else rethrow. */
  hotUnavailable(error: unknown): boolean;
}

/** Most recently written first; equal times by thread id (code points). */
function listedBefore(a: ThreadListing, b: ThreadListing): boolean {
  const byTime = Date.parse(b.updatedAt) - Date.parse(a.updatedAt);
  if (byTime !== 0) return byTime < 0;
  return compareCodePoints(a.threadId, b.threadId) <= 0;
}

/**
 * A thread both tiers hold, listed where Redis lists it. Each tier may hold checkpoints the
 * other does not (Redis the newest, not flushed yet; the cold tier older ones Redis dropped
 * or never got back), so the larger count and the larger byte total are shown: exact once
 * either tier holds all of the thread (after a flush, the cold tier does), a lower bound
 * before.
 */
function bothTiers(hot: ThreadListing, cold: ThreadTotals | undefined): ThreadListing {
  if (cold === undefined) return hot;
  return {
    threadId: hot.threadId,
    checkpointCount: Math.max(hot.checkpointCount, cold.checkpointCount),
    storedBytes: Math.max(hot.storedBytes, cold.storedBytes),
    updatedAt: hot.updatedAt,
  };
}

const FROM_THE_START: TierPosition = { cursor: null, skip: 0 };

/**
 * `listThreads` of the tiered saver: the hot tier's listing and the cold tier's, merged in
 * listing order, each thread once. A thread Redis holds is listed at its Redis position (its
 * cold entry is passed over); a thread only the cold tier holds, at its cold position. The
 * cursor holds both tiers' positions. With Redis down the cold tier is listed alone, for the
 * rest of the listing (like `list`).
 */
export async function listThreadsAcrossTiers(
  context: ThreadListingContext,
  options: unknown,
): Promise<ThreadListPage> {
  // Refused before any request.
  const { limit, threadIdPrefix, cursor } = readListThreadsOptions(options);
  const start =
    cursor === undefined
      ? { hot: FROM_THE_START, cold: FROM_THE_START, coldOnly: false }
      : decodeThreadCursor(cursor);
  const coldOfHot = new Map<string, ThreadTotals>();
  const heldByHot = new Set<string>();
  let hotDown = start.coldOnly;
  const whenHotDown = (error: unknown): void => {
    if (!context.hotUnavailable(error)) throw error;
    hotDown = true;
  };

  const hot =
    start.hot === null || start.coldOnly
      ? undefined
      : new TierThreadStream(
          context.hot,
          threadIdPrefix,
          start.hot,
          limit,
          budget(),
          async (threads) => {
            const totals = await context.cold.threadTotals(threads.map((t) => t.threadId));
            for (const [threadId, thread] of totals) coldOfHot.set(threadId, thread);
          },
        );
  const cold =
    start.cold === null
      ? undefined
      : new TierThreadStream(
          context.cold,
          threadIdPrefix,
          start.cold,
          limit,
          budget(),
          async (threads) => {
            if (hotDown) return;
            try {
              context.assertHotReachable();
              const held = await context.hotHolds(threads.map((t) => t.threadId));
              for (const threadId of held) heldByHot.add(threadId);
            } catch (error) {
              whenHotDown(error);
            }
          },
        );

  const peekHot = async (): Promise<Peeked> => {
    if (hot === undefined || hotDown) return "end";
    try {
      context.assertHotReachable();
      return await hot.peek();
    } catch (error) {
      whenHotDown(error);
      return "end";
    }
  };

  const threads: ThreadListing[] = [];
  // A thread listed from Redis on this page is never listed again from the cold tier, even
  // if Redis stops answering meanwhile.
  const listed = new Set<string>();
  while (threads.length < limit) {
    const fromHot = await peekHot();
    const fromCold: Peeked = cold === undefined ? "end" : await cold.peek();
    if (fromHot === "paused" || fromCold === "paused") break;
    if (fromHot === "end" && fromCold === "end") break;
    if (fromHot !== "end" && (fromCold === "end" || listedBefore(fromHot, fromCold))) {
      hot?.take();
      threads.push(bothTiers(fromHot, coldOfHot.get(fromHot.threadId)));
      listed.add(fromHot.threadId);
      continue;
    }
    cold?.take();
    const coldThread = fromCold as ThreadListing;
    // Listed at its Redis position, before this one or after it.
    if (listed.has(coldThread.threadId) || (!hotDown && heldByHot.has(coldThread.threadId))) {
      continue;
    }
    threads.push(coldThread);
  }

  const next = {
    hot: hot === undefined || hotDown ? null : hot.position(),
    cold: cold === undefined ? null : cold.position(),
    coldOnly: hotDown,
  };
  return {
    threads,
    nextCursor: next.hot === null && next.cold === null ? null : encodeThreadCursor(next),
  };
}

function budget(): ReadBudget {
  return { left: TIER_READS_PER_PAGE };
}
