import type { BaseCheckpointSaver, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { addressOf } from "./checkpoint-address.js";
import { readTierMetrics, type TierMetrics, tieredSurfaceOf } from "./tiered-view.js";

/** One thread as the thread list shows it, from the checkpoints the scan saw. */
export interface ThreadSummary {
  threadId: string;
  latestCheckpointId: string;
  /** LangGraph's `ts` of the newest checkpoint seen (ISO), when it has one. */
  latestCreatedAt: string | null;
  latestStep: number | null;
  /** Checkpoints of this thread the scan saw (matching the metadata filter, if any). */
  checkpointsSeen: number;
  /**
   * True when `checkpointsSeen` is the thread's count: the scan read everything. When it
   * stopped early, any thread may have more (pages show "≥ N").
   */
  countIsExact: boolean;
  namespaces: string[];
}

export interface ThreadIndexQuery {
  /** Only threads whose id starts with this. */
  idPrefix?: string | undefined;
  /** Metadata equality filter, passed to `list`. */
  metadataFilter?: Record<string, unknown> | undefined;
  maxThreads: number;
  /** The scan reads at most this many checkpoints, then stops. */
  maxScannedCheckpoints: number;
}

export interface ThreadIndex {
  /** Tells this answer of `/api/threads` from a `listThreads` page (`ThreadCatalogPage`). */
  source: "scan";
  threads: ThreadSummary[];
  scannedCheckpoints: number;
  /** False when the scan stopped at `maxScannedCheckpoints` or `maxThreads`: more may exist. */
  complete: boolean;
  /** For a tiered saver: the flush backlog and lag; null for other savers. */
  tierMetrics: TierMetrics | null;
}

/**
 * Threads newest first, from `list` without `thread_id` (global listing), consumed lazily so
 * the savers page through their store: the scan stops once it has seen one thread more than
 * asked for, or `maxScannedCheckpoints` checkpoints. Thread order is by newest checkpoint id
 * (ids are time-ordered UUIDv6).
 */
export async function readThreadIndex(
  saver: BaseCheckpointSaver,
  query: ThreadIndexQuery,
): Promise<ThreadIndex> {
  const threads = new Map<string, ThreadSummary>();
  let scannedCheckpoints = 0;
  let complete = true;
  const options = query.metadataFilter === undefined ? {} : { filter: query.metadataFilter };
  for await (const tuple of saver.list({}, options)) {
    scannedCheckpoints += 1;
    const address = addressOf(tuple);
    if (query.idPrefix === undefined || address.threadId.startsWith(query.idPrefix)) {
      const known = threads.get(address.threadId);
      if (known === undefined) {
        if (threads.size >= query.maxThreads) {
          complete = false;
          break;
        }
        threads.set(address.threadId, summaryOf(tuple));
      } else {
        known.checkpointsSeen += 1;
        if (!known.namespaces.includes(address.checkpointNs))
          known.namespaces.push(address.checkpointNs);
        if (address.checkpointId > known.latestCheckpointId) {
          const { latestCheckpointId, latestCreatedAt, latestStep } = summaryOf(tuple);
          Object.assign(known, { latestCheckpointId, latestCreatedAt, latestStep });
        }
      }
    }
    if (scannedCheckpoints >= query.maxScannedCheckpoints) {
      complete = false;
      break;
    }
  }
  if (!complete && query.idPrefix !== undefined && !threads.has(query.idPrefix)) {
    await addExactThread(saver, query.idPrefix, options, threads);
  }
  for (const thread of threads.values()) thread.countIsExact = complete;
  const ordered = [...threads.values()].sort((left, right) =>
    left.latestCheckpointId < right.latestCheckpointId ? 1 : -1,
  );
  const tiered = tieredSurfaceOf(saver);
  const tierMetrics = tiered === undefined ? null : await readTierMetrics(tiered);
  return { source: "scan", threads: ordered, scannedCheckpoints, complete, tierMetrics };
}

/**
 * A search for a whole thread id finds that thread even when the capped scan did not reach it
 * (on Redis, one thread's long history can fill the scan): one `list` of that thread, limit 1.
 */
async function addExactThread(
  saver: BaseCheckpointSaver,
  threadId: string,
  options: { filter?: Record<string, unknown> },
  threads: Map<string, ThreadSummary>,
): Promise<void> {
  const config = { configurable: { thread_id: threadId } };
  for await (const tuple of saver.list(config, { ...options, limit: 1 })) {
    threads.set(threadId, summaryOf(tuple));
  }
}

/** A thread as one of its checkpoints shows it (the scan merges later ones in). */
function summaryOf(tuple: CheckpointTuple): ThreadSummary {
  const address = addressOf(tuple);
  const metadata = (tuple.metadata ?? {}) as { step?: unknown };
  return {
    threadId: address.threadId,
    latestCheckpointId: address.checkpointId,
    latestCreatedAt: typeof tuple.checkpoint.ts === "string" ? tuple.checkpoint.ts : null,
    latestStep: typeof metadata.step === "number" ? metadata.step : null,
    checkpointsSeen: 1,
    countIsExact: false,
    namespaces: [address.checkpointNs],
  };
}
