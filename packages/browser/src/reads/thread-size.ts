import type { ChannelSize, ThreadSizeSummary, ThreadSizeSummaryOptions } from "@checkpointkit/core";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { errorType } from "./error-type.js";

/** Checkpoints the thread page's one `threadSizeSummary` call covers (growth, and lastN scope). */
export const THREAD_SIZE_LAST_N = 10;

/** Largest channels shown; the summary may list more. */
const SHOWN_CHANNELS = 5;

/** A thread's stored size as the saver reported it, or why it could not. */
export type ThreadSize =
  | {
      available: true;
      /** "thread": `totalBytes` is the whole thread; "lastN": only its newest `lastN` checkpoints. */
      scope: ThreadSizeSummary["scope"];
      lastN: number;
      totalBytes: number;
      checkpointCount: number;
      largestChannels: ChannelSize[];
      /** Stored bytes of the newest of the last `lastN` checkpoints minus the oldest. */
      growthBytes: number;
    }
  | {
      available: false;
      /** The error's class name only: a message could carry a connection string. */
      errorType: string;
    };

interface SizeSurface {
  threadSizeSummary(
    threadId: string,
    options?: ThreadSizeSummaryOptions,
  ): Promise<ThreadSizeSummary>;
}

/** The saver when it offers `threadSizeSummary`; recognised by shape, as any saver may add it. */
export function sizeSaverOf(saver: BaseCheckpointSaver): SizeSurface | undefined {
  const candidate = saver as unknown as Partial<SizeSurface>;
  return typeof candidate.threadSizeSummary === "function" ? (candidate as SizeSurface) : undefined;
}

/**
 * One `threadSizeSummary` call; null when the saver has none. A failure becomes
 * `available: false` so that the rest of the page is still shown.
 */
export async function readThreadSize(
  saver: BaseCheckpointSaver,
  threadId: string,
): Promise<ThreadSize | null> {
  const sizeSaver = sizeSaverOf(saver);
  if (sizeSaver === undefined) return null;
  try {
    const summary = await sizeSaver.threadSizeSummary(threadId, { lastN: THREAD_SIZE_LAST_N });
    return {
      available: true,
      scope: summary.scope,
      lastN: THREAD_SIZE_LAST_N,
      totalBytes: summary.totalBytes,
      checkpointCount: summary.checkpointCount,
      largestChannels: summary.largestChannels.slice(0, SHOWN_CHANNELS),
      growthBytes: summary.growthBytes,
    };
  } catch (error) {
    return { available: false, errorType: errorType(error) };
  }
}
