import { readThreadConfig } from "@checkpointkit/core/internal";
import type { DeltaChannelHistoryWithWalkEnd } from "@checkpointkit/redis";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { DeltaChannelHistory } from "@langchain/langgraph-checkpoint";
import { readTuple, servedByColdTier, type TieredReadContext } from "./tiered-reads.js";

/**
 * How long a delta-history read waits for the flush before reading the cold tier, in
 * milliseconds. Past it (no flusher running, cold tier slow) the read walks both tiers
 * checkpoint by checkpoint instead.
 */
const FLUSH_BEFORE_COLD_READ_TIMEOUT_MS = 5_000;

export type DeltaHistoryRequest = { config: RunnableConfig; channels: string[] };
export type DeltaHistories = Record<string, DeltaChannelHistory>;

/** What the delta-history read needs of the saver, beyond the read paths. */
export interface DeltaHistoryContext extends TieredReadContext {
  flush(threadId: string, options: { timeoutMs: number }): Promise<void>;
  /** The per-checkpoint walk over the tiered `getTuple`: slow, but right across both tiers. */
  walkAcrossTiers(request: DeltaHistoryRequest): Promise<DeltaHistories>;
}

/**
 * `getDeltaChannelHistory` of the tiered saver. Redis answers in one script whenever it holds
 * every checkpoint the history needs: its walk ended on a seed for every channel or at a
 * checkpoint without a parent. Redis can hold a checkpoint without its ancestors (a thread
 * swept and rehydrated with its latest checkpoint, or one written straight to the cold tier
 * while Redis was unreachable); a walk cut short there is read from the cold tier after the
 * thread's flush.
 */
export async function readDeltaHistory(
  context: DeltaHistoryContext,
  request: DeltaHistoryRequest,
): Promise<DeltaHistories> {
  if (request.channels.length === 0) return {};
  const { threadId, checkpointId } = readThreadConfig(request.config);
  if (checkpointId === undefined || checkpointId === "") {
    // The latest checkpoint is resolved the way getTuple resolves it (across both tiers).
    const latest = await readTuple(context, request.config);
    if (latest === undefined) return emptyHistories(request.channels);
    return readDeltaHistory(context, { ...request, config: latest.config });
  }
  let hot: DeltaChannelHistoryWithWalkEnd;
  try {
    hot = await context.hot.getDeltaChannelHistoryWithWalkEnd(request);
  } catch (error) {
    if (servedByColdTier(context, error, "getDeltaChannelHistory")) {
      return readCold(context, request);
    }
    throw error;
  }
  if (hot.walkEnd === "seeded" || hot.walkEnd === "root") return hot.history;
  // Part of the chain is only in the cold tier; the rest may not have been flushed yet.
  try {
    await context.flush(threadId, { timeoutMs: FLUSH_BEFORE_COLD_READ_TIMEOUT_MS });
  } catch {
    return context.walkAcrossTiers(request);
  }
  return readCold(context, request);
}

function readCold(
  context: DeltaHistoryContext,
  request: DeltaHistoryRequest,
): Promise<DeltaHistories> {
  const cold = context.cold;
  return cold.getDeltaChannelHistory
    ? cold.getDeltaChannelHistory(request)
    : cold.saver.getDeltaChannelHistory(request);
}

function emptyHistories(channels: readonly string[]): DeltaHistories {
  return Object.fromEntries(channels.map((channel) => [channel, { writes: [] }]));
}
