import type {
  ChannelVersions,
  Checkpoint,
  CheckpointMetadata,
  PendingWrite,
  SerializerProtocol,
} from "@langchain/langgraph-checkpoint";
import type {
  SerializedChannelValue,
  SerializedCheckpointRecord,
  SerializedValue,
  SerializedWritesRecord,
} from "./serialized-records.js";

/** Where a `put` or `putWrites` goes, read from its `RunnableConfig`. */
export interface RecordAddress {
  threadId: string;
  checkpointNs: string;
}

async function serialize(serde: SerializerProtocol, value: unknown): Promise<SerializedValue> {
  const [type, bytes] = await serde.dumpsTyped(value);
  return { type, bytes: typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes };
}

/** The checkpoint as stored: channel values live in their own rows. */
export function withoutChannelValues(checkpoint: Checkpoint): Omit<Checkpoint, "channel_values"> {
  const { channel_values: _channelValues, ...rest } = checkpoint;
  return rest;
}

/** Serializes the arguments of one `put` into the record `putMany` takes. */
export async function serializeCheckpointRecord(
  serde: SerializerProtocol,
  address: RecordAddress & { parentCheckpointId: string | undefined },
  checkpoint: Checkpoint,
  metadata: CheckpointMetadata,
  newVersions: ChannelVersions,
): Promise<SerializedCheckpointRecord> {
  const channelValues = Object.entries(newVersions).map(
    async ([channel, version]): Promise<SerializedChannelValue> => {
      const value = (checkpoint.channel_values as Record<string, unknown>)[channel];
      return {
        channel,
        version,
        value: value === undefined ? undefined : await serialize(serde, value),
      };
    },
  );
  const [serializedCheckpoint, serializedMetadata, values] = await Promise.all([
    serialize(serde, withoutChannelValues(checkpoint)),
    serialize(serde, metadata),
    Promise.all(channelValues),
  ]);
  return {
    threadId: address.threadId,
    checkpointNs: address.checkpointNs,
    checkpointId: checkpoint.id,
    parentCheckpointId: address.parentCheckpointId,
    checkpoint: serializedCheckpoint,
    metadata: serializedMetadata,
    channelValues: values,
  };
}

/** Serializes the arguments of one `putWrites` into the record `putMany` takes. */
export async function serializeWritesRecord(
  serde: SerializerProtocol,
  address: RecordAddress & { checkpointId: string },
  writes: readonly PendingWrite[],
  taskId: string,
  taskPath: string | undefined,
): Promise<SerializedWritesRecord> {
  const serializedWrites = await Promise.all(
    writes.map(async ([channel, value]) => ({ channel, value: await serialize(serde, value) })),
  );
  return {
    threadId: address.threadId,
    checkpointNs: address.checkpointNs,
    checkpointId: address.checkpointId,
    taskId,
    taskPath: taskPath ?? "",
    writes: serializedWrites,
  };
}
