/*
 * `@checkpointkit/core/internal`: what the checkpointkit savers share with each other — input
 * checks, config readers, deadlines, fences, option validation, the stores' embedding of
 * items. Not for applications: it changes with the packages that use it, in any release.
 */
export { formatChannelVersion, nextChannelVersion } from "./channel-version.js";
export { validateCompressionOptions } from "./compression.js";
export { parseOptionUrl } from "./connection-url.js";
export { type DeadlineOptions, withDeadline } from "./deadline.js";
export { redactSecrets } from "./errors/index.js";
export { assertLatestHistoryCanHold, readHistoryMode } from "./history-mode.js";
export {
  assertCheckpointInput,
  assertPendingWritesInput,
  checkIdString,
  type ForeignOptionNames,
  type ListScope,
  readListNamespace,
  readListScope,
  readThreadIdArgument,
  refuseForeignOptionNames,
} from "./input/index.js";
export {
  acquireThreadLease,
  type FenceRefusal,
  fenceConflictError,
  readWriteFence,
  type TryAcquireLease,
  validateWriteFenceOptions,
  type WriteFence,
} from "./leases/index.js";
export { requireFunction, requirePositiveInteger } from "./option-checks.js";
export {
  fenceSortKey,
  introducedChannelValues,
  isAfterFence,
  parseFencePosition,
} from "./records/index.js";
export {
  type ResolvedPruneOptions,
  resolvePruneOptions,
  toEpochMs,
  validatePruneOptions,
  validateRetentionOptions,
} from "./retention.js";
export * from "./store/index.js";
export {
  type EmbeddingsLike,
  type EmbedTexts,
  parseFieldPath,
  StoreEmbedder,
  type StoreIndexConfigBase,
  textsToEmbed,
} from "./store-embedding/index.js";
export {
  configOfRequest,
  countBytesRead,
  countBytesWritten,
  countRoundTrip,
  errorTypeOf,
  isOperationRecorded,
  type ObservedMetric,
  type OperationTarget,
  observeMetrics,
  SAVER_BACKENDS,
  type SaverBackend,
  SaverTelemetry,
  STANDARD_TRACED_METHODS,
  type TracedMethod,
  threadOfPruneOptions,
  traceSaverMethods,
} from "./telemetry/index.js";
export { readCheckpointConfig, readThreadConfig, type ThreadConfig } from "./thread-config.js";
export { compareStoredWrites, serializedWriteIndex } from "./write-ordering.js";
