export type {
  ColdBatch,
  ColdCheckpointRecord,
  ColdTier,
  ColdValue,
  ColdWritesRecord,
  ThreadTotals,
} from "./cold-tier.js";
export type {
  ColdTierDescription,
  ColdTierDescriptionResult,
  PostgresColdTierDescription,
} from "./cold-tier-description.js";
export { type DurableWhen, defaultDurableWhen } from "./durable-when.js";
export { compareEntryIds } from "./entry-id.js";
export { Flusher, type FlusherConstruction } from "./flusher.js";
export type {
  DeadLetterEvent,
  FlushedEvent,
  FlusherCounters,
  FlusherEventMap,
  RetryEvent,
} from "./flusher-events.js";
export type { FlusherMode, TieredFlusherOptions } from "./flusher-mode.js";
export type { FlusherOptions } from "./flusher-options.js";
export type { FlusherWorker } from "./flusher-worker.js";
export type { OutboxStats } from "./outbox-stats.js";
export { type StartFlusherOptions, startFlusher } from "./start-flusher.js";
export type { TieredFlusher } from "./tiered-flusher.js";
export type { TieredMetrics } from "./tiered-metrics.js";
export { TieredSaver } from "./tiered-saver.js";
export type { AcknowledgementLevel, TieredSaverOptions } from "./tiered-saver-options.js";
