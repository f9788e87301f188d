export { measureCheckpointRecord, measureWritesRecord } from "./measure-records.js";
export { largestChannels, type MeasuredWrite, StateSizeGuard } from "./state-size-guard.js";
export {
  type ChannelSize,
  type LargeStateEvent,
  type StateSizeOptions,
  validateStateSizeOptions,
} from "./state-size-options.js";
export { type ListableSaver, summarizeFromHistory } from "./summary-from-history.js";
export {
  type CheckpointSize,
  DEFAULT_SIZE_SUMMARY_LAST_N,
  type ThreadSizeSummary,
  type ThreadSizeSummaryOptions,
} from "./thread-size-summary.js";
