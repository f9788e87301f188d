export {
  type FencePosition,
  fenceSortKey,
  isAfterFence,
  parseFencePosition,
} from "./fence-position.js";
export { introducedChannelValues } from "./introduced-values.js";
export type {
  SerializedChannelValue,
  SerializedCheckpointRecord,
  SerializedValue,
  SerializedWrite,
  SerializedWritesRecord,
} from "./serialized-records.js";
