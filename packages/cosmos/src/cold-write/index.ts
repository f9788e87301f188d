export type { FencePosition } from "@checkpointkit/core";
export { CosmosColdWriter } from "./cosmos-cold-writer.js";
export type {
  FencedBatch,
  FencedCheckpointRecord,
  FencedWriteResult,
  FencedWritesRecord,
  SerializedChannelValue,
  SerializedValue,
} from "./serialized-records.js";
