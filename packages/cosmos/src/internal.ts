/*
 * `@checkpointkit/cosmos/internal`: APIs for the other checkpointkit packages (the tiered
 * saver's cold tier), not for applications. They may change in any release.
 */
export type { FencePosition } from "@checkpointkit/core";
export { CosmosColdWriter } from "./cold-write/cosmos-cold-writer.js";
export type {
  FencedBatch,
  FencedCheckpointRecord,
  FencedWriteResult,
  FencedWritesRecord,
  SerializedChannelValue,
  SerializedValue,
} from "./cold-write/serialized-records.js";
