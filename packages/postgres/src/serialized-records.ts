import type { SerializedCheckpointRecord, SerializedWritesRecord } from "@checkpointkit/core";

export type {
  SerializedChannelValue,
  SerializedCheckpointRecord,
  SerializedValue,
  SerializedWrite,
  SerializedWritesRecord,
} from "@checkpointkit/core";

/** The argument of `putMany`: any number of checkpoints and writes, of any threads. */
export interface PutManyInput {
  checkpoints?: readonly SerializedCheckpointRecord[];
  writes?: readonly SerializedWritesRecord[];
}
