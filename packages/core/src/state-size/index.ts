export { measureCheckpointRecord, measureWritesRecord } from "./measure-records.js";
export { largestChannels, type MeasuredWrite, StateSizeGuard } from "./state-size-guard.js";
export {
  type ChannelSize,
  type LargeStateEvent,
  type StateSizeOptions,
  validateStateSizeOptions,
} from "./state-size-options.js";
export {
  decodeStoredSize,
  encodeStoredSize,
  type StoredCheckpointSize,
  storedSizeOf,
} from "./stored-checkpoint-size.js";
export { type ListableSaver, summarizeFromHistory } from "./summary-from-history.js";
export {
  type RecordedThreadSizes,
  SUMMARY_CHANNEL_COUNT,
  summarizeRecordedSizes,
} from "./summary-from-records.js";
export {
  type CheckpointSize,
  DEFAULT_SIZE_SUMMARY_LAST_N,
  type StateSizeReader,
  type ThreadSizeSummary,
  type ThreadSizeSummaryOptions,
} from "./thread-size-summary.js";
