import {
  measureCheckpointRecord,
  measureWritesRecord,
  type StateSizeGuard,
} from "@checkpointkit/core";
import type {
  ChannelVersions,
  Checkpoint,
  CheckpointMetadata,
  PendingWrite,
  SerializerProtocol,
} from "@langchain/langgraph-checkpoint";
import type { ColdCheckpointRecord, ColdTier, ColdValue, ColdWritesRecord } from "./cold-tier.js";
import { syntheticEntryId } from "./entry-id.js";

async function serialize(serde: SerializerProtocol, value: unknown): Promise<ColdValue> {
  const [type, bytes] = await serde.dumpsTyped(value);
  return { type, bytes: typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes };
}

/**
 * A record built from `put`'s arguments, for writes that go straight to the cold tier (Redis
 * unreachable). Like the flusher's records it carries every channel, not only the new ones.
 */
export async function checkpointRecordFromLive(
  serde: SerializerProtocol,
  address: { threadId: string; checkpointNs: string; parentCheckpointId: string | undefined },
  checkpoint: Checkpoint,
  metadata: CheckpointMetadata,
  entryId: string,
): Promise<ColdCheckpointRecord> {
  const { channel_values: values, ...body } = checkpoint;
  const channelValues = await Promise.all(
    Object.entries(checkpoint.channel_versions ?? {}).map(async ([channel, version]) => ({
      channel,
      version,
      value: Object.hasOwn(values ?? {}, channel)
        ? await serialize(serde, (values as Record<string, unknown>)[channel])
        : undefined,
    })),
  );
  return {
    ...address,
    checkpointId: checkpoint.id,
    checkpoint: await serialize(serde, body),
    metadata: await serialize(serde, metadata),
    channelValues,
    entryId,
    createdAt: checkpointTime(checkpoint),
  };
}

/** `checkpoint.ts` when it is a valid time; else undefined (the cold tier's clock). */
function checkpointTime(checkpoint: Checkpoint): Date | undefined {
  const time = new Date(checkpoint.ts);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

export async function writesRecordFromLive(
  serde: SerializerProtocol,
  address: { threadId: string; checkpointNs: string; checkpointId: string },
  writes: readonly PendingWrite[],
  taskId: string,
  taskPath: string,
  entryId: string,
): Promise<ColdWritesRecord> {
  return {
    ...address,
    taskId,
    taskPath,
    writes: await Promise.all(
      writes.map(async ([channel, value]) => ({ channel, value: await serialize(serde, value) })),
    ),
    entryId,
    createdAt: new Date(),
  };
}

/** A `put` written straight to the cold tier (Redis unreachable, `write-through`). */
export async function writeCheckpointThrough(
  serde: SerializerProtocol,
  cold: ColdTier,
  address: { threadId: string; checkpointNs: string; parentCheckpointId: string | undefined },
  checkpoint: Checkpoint,
  metadata: CheckpointMetadata,
  newVersions: ChannelVersions,
  sizeLimit?: StateSizeGuard,
): Promise<void> {
  const record = {
    ...(await checkpointRecordFromLive(serde, address, checkpoint, metadata, syntheticEntryId())),
    // Every value travels (the cold tier may lack the parent's); the size record names only
    // the channels this put changed, as the hot tier's would.
    introducedChannels: Object.keys(newVersions),
  };
  sizeLimit?.check(measureCheckpointRecord(record));
  await cold.writeBatch({ checkpoints: [record], writes: [] });
}

/** A `putWrites` written straight to the cold tier (Redis unreachable, `write-through`). */
export async function writeWritesThrough(
  serde: SerializerProtocol,
  cold: ColdTier,
  address: { threadId: string; checkpointNs: string; checkpointId: string },
  writes: readonly PendingWrite[],
  taskId: string,
  taskPath: string,
  sizeLimit?: StateSizeGuard,
): Promise<void> {
  const record = await writesRecordFromLive(
    serde,
    address,
    writes,
    taskId,
    taskPath,
    syntheticEntryId(),
  );
  sizeLimit?.check(measureWritesRecord(record));
  await cold.writeBatch({ checkpoints: [], writes: [record] });
}
