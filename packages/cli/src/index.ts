export { migratedChannelVersion, withMigratedVersions } from "./channel-version-rewrite.js";
export { migrateThreads } from "./migrate-threads.js";
export type {
  MigrateThreadsOptions,
  MigrationSummary,
  ThreadOutcome,
  ThreadProgressEvent,
} from "./migrate-threads-options.js";
export type { MigrationProgress } from "./migration-progress.js";
export type { MigrationSource } from "./migration-source.js";
export {
  DEFAULT_THREAD_PAGE_SIZE,
  OfficialPostgresSource,
  type OfficialPostgresSourceOptions,
} from "./official-postgres-source.js";
export { readThreadTuples, saverSource } from "./saver-source.js";
export { type MigrationIdentity, openStateFile } from "./state-file.js";
export { type CheckpointDifference, compareThread } from "./thread-comparison.js";
