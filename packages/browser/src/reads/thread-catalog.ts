import { MAX_THREAD_LIST_LIMIT, type ThreadCatalog, type ThreadListing } from "@checkpointkit/core";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { readTierMetrics, type TierMetrics, tieredSurfaceOf } from "./tiered-view.js";

/** The saver when it offers core's `listThreads`; recognised by shape, as any saver may add it. */
export function threadCatalogOf(saver: BaseCheckpointSaver): ThreadCatalog | undefined {
  const candidate = saver as unknown as Partial<ThreadCatalog>;
  return typeof candidate.listThreads === "function" ? (candidate as ThreadCatalog) : undefined;
}

export interface ThreadCatalogQuery {
  /** Only threads whose id starts with this (the saver's `threadIdPrefix`). */
  idPrefix?: string | undefined;
  /** `nextCursor` of the page before; undefined for the newest page. */
  cursor?: string | undefined;
  /** Threads per page; capped at what `listThreads` accepts. */
  limit: number;
}

/** One page of the thread list as the saver's `listThreads` answered it. */
export interface ThreadCatalogPage {
  /** Tells this answer of `/api/threads` from a scan's (`ThreadIndex`). */
  source: "listThreads";
  /** Most recently written first, with exact checkpoint counts and stored bytes. */
  threads: ThreadListing[];
  /** `cursor` of the next (older) page; null on the last page. */
  nextCursor: string | null;
  /** For a tiered saver: the flush backlog and lag; null for other savers. */
  tierMetrics: TierMetrics | null;
}

/**
 * One `listThreads` call (the saver bounds its cost per page and validates the cursor: a
 * forged one is its `InvalidConfigError`, answered 400), plus a tiered saver's `metrics()`.
 */
export async function readThreadCatalogPage(
  saver: BaseCheckpointSaver,
  catalog: ThreadCatalog,
  query: ThreadCatalogQuery,
): Promise<ThreadCatalogPage> {
  const options = {
    limit: Math.min(query.limit, MAX_THREAD_LIST_LIMIT),
    ...(query.idPrefix === undefined ? {} : { threadIdPrefix: query.idPrefix }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  };
  const tiered = tieredSurfaceOf(saver);
  const [page, tierMetrics] = await Promise.all([
    catalog.listThreads(options),
    tiered === undefined ? null : readTierMetrics(tiered),
  ]);
  return { source: "listThreads", threads: page.threads, nextCursor: page.nextCursor, tierMetrics };
}
