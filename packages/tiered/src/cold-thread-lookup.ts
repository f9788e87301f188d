import { MAX_THREAD_LIST_LIMIT, type ThreadCatalog } from "@checkpointkit/core";
import type { ThreadTotals } from "./cold-tier.js";

/** Pages of a prefix listing read, at most, to find one thread. */
export const THREAD_LOOKUP_PAGES = 2;

/**
 * The totals of exactly these threads from a saver's `listThreads`, one prefix listing per
 * thread (the thread's own id as prefix), in parallel. A thread hidden behind more than
 * `THREAD_LOOKUP_PAGES` pages of newer threads sharing its id as prefix (or of threads the
 * saver examines per page) is left out, as if the tier did not hold it.
 */
export async function threadTotalsFromListing(
  catalog: ThreadCatalog,
  threadIds: readonly string[],
): Promise<ReadonlyMap<string, ThreadTotals>> {
  const found = new Map<string, ThreadTotals>();
  await Promise.all(
    [...new Set(threadIds)].map(async (threadId) => {
      let cursor: string | undefined;
      for (let page = 0; page < THREAD_LOOKUP_PAGES; page += 1) {
        const listed = await catalog.listThreads({
          threadIdPrefix: threadId,
          limit: MAX_THREAD_LIST_LIMIT,
          ...(cursor === undefined ? {} : { cursor }),
        });
        const match = listed.threads.find((thread) => thread.threadId === threadId);
        if (match !== undefined) {
          found.set(threadId, {
            checkpointCount: match.checkpointCount,
            storedBytes: match.storedBytes,
          });
          return;
        }
        if (listed.nextCursor === null) return;
        cursor = listed.nextCursor;
      }
    }),
  );
  return found;
}
