export type { FencePosition } from "@checkpointkit/core";
export type {
  FencedBatch,
  FencedCheckpointRecord,
  FencedWriteResult,
  FencedWritesRecord,
} from "./fenced-records.js";
export { MAX_FENCED_BATCH_BYTES, PostgresColdWriter } from "./postgres-cold-writer.js";
