export { CosmosColdWriter } from "./cosmos-cold-writer.js";
export type { FencePosition } from "./fence-position.js";
export type {
  FencedBatch,
  FencedCheckpointRecord,
  FencedWriteResult,
  FencedWritesRecord,
  SerializedChannelValue,
  SerializedValue,
} from "./serialized-records.js";
