import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { TimelinePage } from "./timeline.js";

/**
 * How many checkpoints a thread (or one namespace of it) holds. `exact: false` means "at
 * least `count`": the browser stopped counting there. No saver offers a per-thread count or
 * size, so counting means paging through `list`.
 */
export interface CheckpointCount {
  count: number;
  exact: boolean;
  /** True when every checkpoint was paged through (up to `maxCountedCheckpoints`). */
  countedAll: boolean;
}

/**
 * What a timeline page knows for free: a newest page with no older page holds the whole
 * thread; otherwise at least its rows. Deeper pages (`before`) say nothing.
 */
export function countFromPage(page: TimelinePage, isNewestPage: boolean): CheckpointCount | null {
  if (!isNewestPage) return null;
  return { count: page.entries.length, exact: page.olderThan === undefined, countedAll: false };
}

/**
 * Counts by paging `list` of that one thread, up to `maxCounted` checkpoints (then `exact:
 * false`). Reads every checkpoint it counts, so the browser does it only when asked.
 */
export async function countThreadCheckpoints(
  saver: BaseCheckpointSaver,
  query: { threadId: string; checkpointNs: string | undefined; maxCounted: number },
): Promise<CheckpointCount> {
  const configurable: Record<string, string> = { thread_id: query.threadId };
  if (query.checkpointNs !== undefined) configurable.checkpoint_ns = query.checkpointNs;
  let count = 0;
  for await (const _tuple of saver.list({ configurable }, { limit: query.maxCounted + 1 })) {
    count += 1;
  }
  return count > query.maxCounted
    ? { count: query.maxCounted, exact: false, countedAll: true }
    : { count, exact: true, countedAll: true };
}
