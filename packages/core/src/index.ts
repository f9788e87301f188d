export {
  type CompressionAlgorithm,
  type CompressionOptions,
  DEFAULT_COMPRESSION_THRESHOLD_BYTES,
  decodeValue,
  type EncodedValue,
  encodeValue,
  type ValueEncoding,
} from "./compression.js";
export {
  type BackendName,
  BackendUnavailableError,
  CheckpointConflictError,
  CheckpointKitError,
  type CheckpointKitErrorName,
  type CheckpointKitErrorOptions,
  CorruptCheckpointError,
  InvalidConfigError,
  PayloadTooLargeError,
} from "./errors/index.js";
export { DEFAULT_HISTORY_MODE, type HistoryMode, type HistoryOptions } from "./history-mode.js";
export {
  boundKeyLength,
  decodeKeyPart,
  encodeKeyPart,
  joinKeyParts,
  KEY_SEPARATOR,
  splitKeyParts,
} from "./keys/index.js";
export {
  type AcquireThreadLeaseOptions,
  ALLOW_FORK_KEY,
  type ConcurrencyMode,
  LEASE_TOKEN_KEY,
  type ThreadLease,
  type ThreadLeaseSaver,
  type WithThreadLeaseOptions,
  type WriteFenceOptions,
  withLeaseToken,
  withThreadLease,
} from "./leases/index.js";
export type {
  FencePosition,
  SerializedChannelValue,
  SerializedCheckpointRecord,
  SerializedValue,
  SerializedWrite,
  SerializedWritesRecord,
} from "./records/index.js";
export type { PruneOptions, PruneResult, RetentionOptions } from "./retention.js";
export {
  createEncryptedSerializer,
  ENCRYPTED_VALUE_TYPE,
  ENCRYPTION_KEY_BYTES,
  ENVELOPE_FORMAT_VERSION,
  EncryptedSerializer,
  type EncryptedSerializerOptions,
} from "./serde/index.js";
export {
  type ChannelSize,
  type CheckpointSize,
  DEFAULT_SIZE_SUMMARY_LAST_N,
  decodeStoredSize,
  encodeStoredSize,
  type LargeStateEvent,
  type ListableSaver,
  largestChannels,
  type MeasuredWrite,
  measureCheckpointRecord,
  measureWritesRecord,
  type RecordedThreadSizes,
  StateSizeGuard,
  type StateSizeOptions,
  type StateSizeReader,
  type StoredCheckpointSize,
  SUMMARY_CHANNEL_COUNT,
  storedSizeOf,
  summarizeFromHistory,
  summarizeRecordedSizes,
  type ThreadSizeSummary,
  type ThreadSizeSummaryOptions,
  validateStateSizeOptions,
} from "./state-size/index.js";
export {
  configureTelemetry,
  OPERATION_DURATION_METRIC,
  TELEMETRY_ATTRIBUTES,
  TELEMETRY_SCOPE_NAME,
  type TelemetryOptions,
} from "./telemetry/index.js";
export {
  type CursorPart,
  DEFAULT_THREAD_LIST_LIMIT,
  decodeListingCursor,
  encodeListingCursor,
  invalidThreadCursor,
  type ListThreadsOptions,
  MAX_THREAD_LIST_LIMIT,
  MAX_THREAD_TOTALS_IDS,
  type ReadListThreadsOptions,
  readListThreadsOptions,
  readThreadTotalsIds,
  type ThreadCatalog,
  type ThreadListing,
  type ThreadListPage,
  type ThreadTotalsLookup,
} from "./thread-catalog/index.js";
export {
  isUpsertWrite,
  type OrderableWrite,
  sortStoredWrites,
  storedWriteIndex,
} from "./write-ordering.js";
