import type { ColdTier } from "../../src/cold-tier.js";

/** The size and catalog reads of a cold tier, passed through by a test's wrapper around it. */
export function catalogReadsOf(
  inner: ColdTier,
): Pick<ColdTier, "getCheckpointSize" | "threadSizeSummary" | "listThreads" | "threadTotals"> {
  return {
    getCheckpointSize: (config) => inner.getCheckpointSize(config),
    threadSizeSummary: (threadId, options) => inner.threadSizeSummary(threadId, options),
    listThreads: (options) => inner.listThreads(options),
    threadTotals: (threadIds) => inner.threadTotals(threadIds),
  };
}
