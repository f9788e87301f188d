import type { BaseCheckpointSaver, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { changedChannels } from "./channel-diff.js";
import {
  addressOf,
  checkpointConfig,
  checkpointKey,
  parentAddressOf,
} from "./checkpoint-address.js";
import type { DisplayValue } from "./display-value.js";
import {
  INTERRUPT_CHANNEL,
  interruptedNodesOf,
  RESUME_CHANNEL,
  writesTo,
} from "./pending-writes.js";
import { stepWriters } from "./step-writers.js";
import type { CheckpointCount } from "./thread-count.js";
import { readThreadSize, type ThreadSize } from "./thread-size.js";
import { readTierMetrics, type TierMetrics, tieredSurfaceOf, tiersOfPage } from "./tiered-view.js";

/** One checkpoint as a timeline row. */
export interface TimelineEntry {
  checkpointId: string;
  checkpointNs: string;
  parentCheckpointId: string | null;
  step: number | null;
  source: string | null;
  /** LangGraph's `ts` of the checkpoint (ISO), when it has one. */
  createdAt: string | null;
  /** Node(s) whose step produced this checkpoint. */
  writers: string[];
  /** Channels whose version changed since the parent (empty when the parent is gone). */
  channelsWritten: string[];
  /** `interrupt()` values raised by tasks that ran from this checkpoint. */
  interrupts: DisplayValue[];
  /** Nodes of the tasks that called `interrupt()`, where their task ids could be matched. */
  interruptedNodes: string[];
  /** True when a `Command({ resume })` value was written against this checkpoint. */
  resumed: boolean;
  pendingWriteCount: number;
  /** For a tiered saver: `redis` and/or the cold tier's backend; null for other savers. */
  tiers: string[] | null;
}

export interface TimelinePage {
  threadId: string;
  /** Undefined: every namespace of the thread. */
  checkpointNs: string | undefined;
  entries: TimelineEntry[];
  /** `before` for the next (older) page; undefined on the last page. */
  olderThan: string | undefined;
  /** For a tiered saver: the flush backlog and lag; null for other savers. */
  tierMetrics: TierMetrics | null;
  /**
   * The thread's checkpoints (of `checkpointNs` when given): exact on a newest page that
   * reaches the first checkpoint or when `count=1` asked for a count, "at least" otherwise;
   * null on deeper pages. See `CheckpointCount`.
   */
  checkpointCount: CheckpointCount | null;
  /**
   * The thread's stored size from one `threadSizeSummary` call (see `ThreadSize`); null when
   * the saver has no `threadSizeSummary`.
   */
  size: ThreadSize | null;
}

export interface TimelineQuery {
  threadId: string;
  checkpointNs?: string | undefined;
  /** Only checkpoints strictly older than this checkpoint id. */
  before?: string | undefined;
  limit: number;
}

/**
 * One page of a thread, newest first: `limit + 1` checkpoints through `list` (the extra one
 * only says whether an older page exists), plus one `getTuple` per parent outside the page so
 * each row can name the node(s) that produced it. For a tiered saver, the same `list` on each
 * tier says where each checkpoint is, and `metrics()` the flush backlog. A saver with
 * `threadSizeSummary` is asked for the thread's stored size once.
 */
export async function readTimelinePage(
  saver: BaseCheckpointSaver,
  query: TimelineQuery,
): Promise<TimelinePage> {
  const configurable: Record<string, string> = { thread_id: query.threadId };
  if (query.checkpointNs !== undefined) configurable.checkpoint_ns = query.checkpointNs;
  const options =
    query.before === undefined
      ? { limit: query.limit + 1 }
      : {
          limit: query.limit + 1,
          before: { configurable: { ...configurable, checkpoint_id: query.before } },
        };
  // Never rejects (a failure is part of its answer), so it can run beside the reads below.
  const size = readThreadSize(saver, query.threadId);
  const tuples: CheckpointTuple[] = [];
  for await (const tuple of saver.list({ configurable }, options)) tuples.push(tuple);
  const hasOlder = tuples.length > query.limit;
  const page = tuples.slice(0, query.limit);
  const parents = await parentsOf(saver, page);
  const tiered = tieredSurfaceOf(saver);
  const [tiers, tierMetrics] =
    tiered === undefined
      ? [undefined, null]
      : await Promise.all([
          tiersOfPage(tiered, { configurable }, options),
          readTierMetrics(tiered),
        ]);
  const entries = page.map((tuple) => {
    const parentKey = parentKeyOf(tuple);
    const parent = parentKey === undefined ? undefined : parents.get(parentKey);
    const address = addressOf(tuple);
    const tiersOfEntry =
      tiers === undefined
        ? null
        : (tiers.get(checkpointKey(address.checkpointNs, address.checkpointId)) ?? []);
    return { ...timelineEntry(tuple, parent), tiers: tiersOfEntry };
  });
  return {
    threadId: query.threadId,
    checkpointNs: query.checkpointNs,
    entries,
    olderThan: hasOlder ? page[page.length - 1]?.checkpoint.id : undefined,
    tierMetrics,
    // Filled in by `withCheckpointCount`, which knows whether a full count was asked for.
    checkpointCount: null,
    size: await size,
  };
}

function parentKeyOf(tuple: CheckpointTuple): string | undefined {
  const parent = parentAddressOf(tuple);
  return parent === undefined ? undefined : checkpointKey(parent.checkpointNs, parent.checkpointId);
}

async function parentsOf(
  saver: BaseCheckpointSaver,
  page: CheckpointTuple[],
): Promise<Map<string, CheckpointTuple>> {
  const known = new Map<string, CheckpointTuple>();
  for (const tuple of page) {
    const address = addressOf(tuple);
    known.set(checkpointKey(address.checkpointNs, address.checkpointId), tuple);
  }
  const missing = new Map<string, ReturnType<typeof parentAddressOf>>();
  for (const tuple of page) {
    const key = parentKeyOf(tuple);
    if (key !== undefined && !known.has(key)) missing.set(key, parentAddressOf(tuple));
  }
  for (const [key, address] of missing) {
    if (address === undefined) continue;
    const parent = await saver.getTuple(checkpointConfig(address));
    if (parent !== undefined) known.set(key, parent);
  }
  return known;
}

function timelineEntry(
  tuple: CheckpointTuple,
  parent: CheckpointTuple | undefined,
): Omit<TimelineEntry, "tiers"> {
  const metadata = (tuple.metadata ?? {}) as { step?: unknown; source?: unknown };
  const address = addressOf(tuple);
  return {
    checkpointId: address.checkpointId,
    checkpointNs: address.checkpointNs,
    parentCheckpointId: parentAddressOf(tuple)?.checkpointId ?? null,
    step: typeof metadata.step === "number" ? metadata.step : null,
    source: typeof metadata.source === "string" ? metadata.source : null,
    createdAt: typeof tuple.checkpoint.ts === "string" ? tuple.checkpoint.ts : null,
    writers: stepWriters(tuple, parent),
    channelsWritten:
      parent === undefined && parentAddressOf(tuple) !== undefined
        ? []
        : changedChannels(tuple, parent),
    // Each `__interrupt__` write holds the list of the task's interrupts.
    interrupts: writesTo(tuple, INTERRUPT_CHANNEL).flatMap((value) =>
      Array.isArray(value) ? value : [value],
    ),
    interruptedNodes: interruptedNodesOf(tuple, parent),
    resumed: writesTo(tuple, RESUME_CHANNEL).length > 0,
    pendingWriteCount: tuple.pendingWrites?.length ?? 0,
  };
}
