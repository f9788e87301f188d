/*
 * `@checkpointkit/postgres/internal`: APIs for the other checkpointkit packages (the tiered
 * saver's cold tier), not for applications. They may change in any release.
 */
export type {
  FencedBatch,
  FencedCheckpointRecord,
  FencedWriteResult,
  FencedWritesRecord,
} from "./cold-write/fenced-records.js";
export { MAX_FENCED_BATCH_BYTES, PostgresColdWriter } from "./cold-write/postgres-cold-writer.js";
