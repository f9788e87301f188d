import type {
  StateSizeReader,
  ThreadCatalog,
  ThreadListing,
  ThreadListPage,
} from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import {
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  putCheckpoint,
  threadConfig,
  waitUntil,
} from "../fixtures.js";

/** What the thread-catalog spec needs of a saver: listing, plus the size records it sums. */
export type CatalogSaver = BaseCheckpointSaver & ThreadCatalog & StateSizeReader;

/** The most a listing in these specs needs: every thread of one spec fits in one page. */
export const WHOLE_LISTING_LIMIT = 1000;
/** A listing that still hands out a cursor after this many pages never ends. */
const MAX_PAGES = 1000;
/** How long a spec waits for the saver's clock to step past a thread's `updatedAt`. */
const CLOCK_STEP_TIMEOUT_MS = 10_000;
/** The namespace of a subgraph's checkpoints: every namespace counts in `checkpointCount`. */
export const SUBGRAPH_NS = "inner:1";

/**
 * A prefix no other spec or run shares: every listing of a spec filters on it, since suites
 * (and earlier runs against external servers) share the same storage.
 */
export function freshRunPrefix(label: string): string {
  return `${freshThreadId(label)}/`;
}

/** Every page of one listing, following `nextCursor` until it is null. */
export async function listAllPages(
  saver: ThreadCatalog,
  threadIdPrefix: string,
  limit: number,
): Promise<ThreadListPage[]> {
  const pages: ThreadListPage[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const listed = await saver.listThreads({
      threadIdPrefix,
      limit,
      ...(cursor === undefined ? {} : { cursor }),
    });
    pages.push(listed);
    if (listed.nextCursor === null) return pages;
    cursor = listed.nextCursor;
  }
  throw new Error(`listThreads still returned a nextCursor after ${MAX_PAGES} pages`);
}

/** The ids of every thread under `threadIdPrefix`, in listing order, over all pages. */
export async function listedIds(
  saver: ThreadCatalog,
  threadIdPrefix: string,
  limit = WHOLE_LISTING_LIMIT,
): Promise<string[]> {
  const pages = await listAllPages(saver, threadIdPrefix, limit);
  return pages.flatMap((page) => page.threads.map((thread) => thread.threadId));
}

/** The listing of exactly `threadId` (its id as prefix may also match longer ids). */
export async function listingOf(
  saver: ThreadCatalog,
  threadId: string,
): Promise<ThreadListing | undefined> {
  const pages = await listAllPages(saver, threadId, WHOLE_LISTING_LIMIT);
  return pages.flatMap((page) => page.threads).find((thread) => thread.threadId === threadId);
}

/**
 * Puts a chain of `count` checkpoints in one namespace of a thread, each a little larger than
 * the last (so their size records differ). Returns the stored checkpoints' configs.
 */
export async function putSizedChain(
  saver: BaseCheckpointSaver,
  threadId: string,
  checkpointNs: string,
  count: number,
): Promise<RunnableConfig[]> {
  const configs: RunnableConfig[] = [];
  let config = threadConfig(threadId, checkpointNs);
  for (let index = 0; index < count; index += 1) {
    const versions = { notes: index + 1 };
    const checkpoint = makeCheckpoint({ notes: "n".repeat(100 * (index + 1)) }, versions);
    config = await saver.put(config, checkpoint, makeMetadata({ step: index }), versions);
    configs.push(config);
  }
  return configs;
}

/** A thread of `rootCheckpoints` root checkpoints and `subgraphCheckpoints` in a subgraph. */
export async function putThread(
  saver: BaseCheckpointSaver,
  threadId: string,
  rootCheckpoints: number,
  subgraphCheckpoints = 0,
): Promise<RunnableConfig[]> {
  return [
    ...(await putSizedChain(saver, threadId, "", rootCheckpoints)),
    ...(await putSizedChain(saver, threadId, SUBGRAPH_NS, subgraphCheckpoints)),
  ];
}

/** The sum of these checkpoints' size records; each must have one (they were just written). */
export async function recordedBytes(
  saver: StateSizeReader,
  configs: readonly RunnableConfig[],
): Promise<number> {
  let total = 0;
  for (const config of configs) {
    const size = await saver.getCheckpointSize(config);
    if (size === undefined) {
      throw new Error(
        `getCheckpointSize found no record of checkpoint ${config.configurable?.checkpoint_id}`,
      );
    }
    total += size.storedBytes;
  }
  return total;
}

/**
 * Waits until a write to the saver is stamped later than `updatedAt`, by writing a probe
 * thread (outside every spec's prefix) until its listing shows a later `updatedAt`. The next
 * write then lands strictly after `updatedAt` whatever the backend's clock and its
 * resolution, so the spec can expect an exact order instead of a tie.
 */
export async function waitForClockPast(
  saver: CatalogSaver,
  probeThreadId: string,
  updatedAt: string,
): Promise<void> {
  const instantMs = Date.parse(updatedAt);
  let config = threadConfig(probeThreadId);
  const stepped = await waitUntil(
    async () => {
      config = await putCheckpoint(saver, config, makeCheckpoint({ tick: 1 }));
      const probe = await listingOf(saver, probeThreadId);
      return probe !== undefined && Date.parse(probe.updatedAt) > instantMs;
    },
    CLOCK_STEP_TIMEOUT_MS,
    5,
  );
  if (!stepped) {
    throw new Error(`the saver's listing never showed a write later than ${updatedAt}`);
  }
}

/** ISO 8601 with a time zone, as `updatedAt` must be. */
export const ISO_8601_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
