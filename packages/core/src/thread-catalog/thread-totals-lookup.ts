import { InvalidConfigError } from "../errors/invalid-config-error.js";
import { checkIdString, describeType } from "../input/well-formed-id.js";
import type { ThreadListing } from "./thread-listing.js";

/** Most thread ids one `threadTotals` call takes (as many as one `listThreads` page holds). */
export const MAX_THREAD_TOTALS_IDS = 1000;

/**
 * A saver that looks up threads by id, as `listThreads` would list them, without paging
 * through the catalog: exact for any thread, whatever other threads share its id as prefix.
 */
export interface ThreadTotalsLookup {
  /**
   * The listing of each of these threads that the saver holds (threads it does not hold are
   * left out), keyed by thread id. Duplicate ids are looked up once.
   */
  threadTotals(threadIds: readonly string[]): Promise<Map<string, ThreadListing>>;
}

/**
 * The distinct ids of a `threadTotals` call, checked before a saver sends anything: an array
 * of at most `MAX_THREAD_TOTALS_IDS` well-formed strings.
 */
export function readThreadTotalsIds(threadIds: unknown): string[] {
  if (!Array.isArray(threadIds)) {
    throw new InvalidConfigError(
      `threadTotals threadIds must be an array, got ${describeType(threadIds)}`,
      { field: "threadIds" },
    );
  }
  if (threadIds.length > MAX_THREAD_TOTALS_IDS) {
    throw new InvalidConfigError(
      `threadTotals takes at most ${MAX_THREAD_TOTALS_IDS} thread ids, got ${threadIds.length}`,
      { field: "threadIds" },
    );
  }
  const distinct = new Set<string>();
  for (const threadId of threadIds) distinct.add(checkIdString(threadId, "threadIds"));
  return [...distinct];
}
