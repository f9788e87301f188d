import { CorruptCheckpointError } from "@checkpointkit/core";
import {
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointPendingWrite,
  type CheckpointTuple,
  maxChannelVersion,
  type SerializerProtocol,
  TASKS,
} from "@langchain/langgraph-checkpoint";
import { unpackBytes } from "./sql/packed-bytes.js";
import type { TupleRow } from "./sql/tuple-select.js";
import { fromStoredText } from "./stored-text.js";

/**
 * Deserializes one stored value; anything undecodable is a `CorruptCheckpointError`. The
 * location is only computed for the error, so the happy path builds no strings.
 */
export async function loadStoredValue(
  serde: SerializerProtocol,
  type: string | null | undefined,
  bytes: Uint8Array | null | undefined,
  describeLocation: string | (() => string),
): Promise<unknown> {
  const locationOf = () =>
    typeof describeLocation === "string" ? describeLocation : describeLocation();
  if (typeof type !== "string" || bytes === null || bytes === undefined) {
    const location = locationOf();
    throw new CorruptCheckpointError(`stored value at ${location} is missing its type or bytes`, {
      location,
    });
  }
  try {
    return await serde.loadsTyped(type, bytes);
  } catch (error) {
    const location = locationOf();
    throw new CorruptCheckpointError(`stored value at ${location} could not be deserialized`, {
      cause: error,
      location,
    });
  }
}

function rowLocation(row: TupleRow, part: string): string {
  return `checkpoint (${JSON.stringify(fromStoredText(row.thread_id))}, ${JSON.stringify(fromStoredText(row.checkpoint_ns))}, ${JSON.stringify(fromStoredText(row.checkpoint_id))}) ${part}`;
}

function requireObject(value: unknown, describeLocation: () => string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const location = describeLocation();
    throw new CorruptCheckpointError(`stored value at ${location} is not an object`, { location });
  }
  return value as Record<string, unknown>;
}

async function decodeChannelValues(
  serde: SerializerProtocol,
  row: TupleRow,
): Promise<Record<string, unknown>> {
  const channels = row.blob_channels ?? [];
  const bytes = unpackBytes(row.blob_bytes, row.blob_lengths);
  const values = await Promise.all(
    channels.map((channel, index) =>
      loadStoredValue(serde, row.blob_types?.[index], bytes[index], () =>
        rowLocation(row, `channel ${JSON.stringify(fromStoredText(channel))}`),
      ),
    ),
  );
  const channelValues: Record<string, unknown> = {};
  channels.forEach((channel, index) => {
    channelValues[fromStoredText(channel)] = values[index];
  });
  return channelValues;
}

async function decodePendingWrites(
  serde: SerializerProtocol,
  row: TupleRow,
): Promise<CheckpointPendingWrite[]> {
  const taskIds = row.write_task_ids ?? [];
  const bytes = unpackBytes(row.write_bytes, row.write_lengths);
  return Promise.all(
    taskIds.map(async (taskId, index): Promise<CheckpointPendingWrite> => {
      const channel = fromStoredText(row.write_channels?.[index] ?? "");
      const value = await loadStoredValue(serde, row.write_types?.[index], bytes[index], () =>
        rowLocation(row, `write ${index}`),
      );
      return [fromStoredText(taskId), channel, value];
    }),
  );
}

/**
 * Checkpoints of format < 4 kept pending `Send`s in the checkpoint itself; newer code
 * expects them as the value of the TASKS channel, rebuilt from the parent's TASKS writes.
 */
async function migratePendingSends(
  serde: SerializerProtocol,
  checkpoint: Checkpoint,
  row: TupleRow,
  nextVersion: (current: undefined) => number | string,
): Promise<void> {
  const sends = await Promise.all(
    unpackBytes(row.send_bytes, row.send_lengths).map((bytes, index) =>
      loadStoredValue(serde, row.send_types?.[index], bytes, () =>
        rowLocation(row, `pending send ${index}`),
      ),
    ),
  );
  checkpoint.channel_values ??= {};
  checkpoint.channel_values[TASKS] = sends;
  checkpoint.channel_versions ??= {};
  const versions = Object.values(checkpoint.channel_versions);
  checkpoint.channel_versions[TASKS] =
    versions.length > 0 ? maxChannelVersion(...versions) : nextVersion(undefined);
}

/** Turns one row of `tupleSelect` into the tuple `getTuple`/`list` return. */
export async function decodeTupleRow(
  serde: SerializerProtocol,
  row: TupleRow,
  nextVersion: (current: undefined) => number | string,
): Promise<CheckpointTuple> {
  if (!row.channel_versions_ok) {
    const location = rowLocation(row, "channel_versions");
    throw new CorruptCheckpointError(`stored value at ${location} is not a JSON object`, {
      location,
    });
  }
  const threadId = fromStoredText(row.thread_id);
  const checkpointNs = fromStoredText(row.checkpoint_ns);
  const checkpointId = fromStoredText(row.checkpoint_id);
  const [storedCheckpoint, metadata, channelValues, pendingWrites] = await Promise.all([
    loadStoredValue(serde, row.checkpoint_type, row.checkpoint, () =>
      rowLocation(row, "checkpoint"),
    ),
    loadStoredValue(serde, row.metadata_type, row.metadata, () => rowLocation(row, "metadata")),
    decodeChannelValues(serde, row),
    decodePendingWrites(serde, row),
  ]);
  const checkpoint = {
    ...requireObject(storedCheckpoint, () => rowLocation(row, "checkpoint")),
    channel_values: channelValues,
  } as unknown as Checkpoint;
  if (row.format_version < 4 && row.parent_checkpoint_id !== null) {
    await migratePendingSends(serde, checkpoint, row, nextVersion);
  }
  const tuple: CheckpointTuple = {
    config: {
      configurable: {
        thread_id: threadId,
        checkpoint_ns: checkpointNs,
        checkpoint_id: checkpointId,
      },
    },
    checkpoint,
    metadata: requireObject(metadata, () => rowLocation(row, "metadata")) as CheckpointMetadata,
    pendingWrites,
  };
  if (row.parent_checkpoint_id !== null) {
    tuple.parentConfig = {
      configurable: {
        thread_id: threadId,
        checkpoint_ns: checkpointNs,
        checkpoint_id: fromStoredText(row.parent_checkpoint_id),
      },
    };
  }
  return tuple;
}
