import { CorruptCheckpointError, type SerializedValue } from "@checkpointkit/core";
import {
  assertLatestHistoryCanHold,
  checkIdString,
  readThreadIdArgument,
  serializedWriteIndex,
} from "@checkpointkit/core/internal";
import type { ChannelVersions, CheckpointMetadata } from "@langchain/langgraph-checkpoint";
import { assertItemsFit } from "../cosmos-item-size.js";
import { metadataProjection } from "../cosmos-metadata-projection.js";
import { encodeSerialized } from "../cosmos-payloads.js";
import { type EncodedPutInput, type PutPlan, planEncodedPut } from "../cosmos-put-plan.js";
import type { EncodedWritesInput } from "../cosmos-put-writes.js";
import type { CosmosSaverInternals } from "../cosmos-saver-internals.js";
import type { FencedCheckpointRecord, FencedWritesRecord } from "./serialized-records.js";

/** A checkpoint record, validated and laid out as `CosmosSaver.put` lays out a put. */
export interface PlannedCheckpoint {
  plan: PutPlan;
  hasParent: boolean;
}

function describe(record: { threadId: string; checkpointId: string }, kind: string): string {
  return `the ${kind} of checkpoint ${JSON.stringify(record.checkpointId)} of thread ${JSON.stringify(record.threadId)}`;
}

async function load(
  saver: CosmosSaverInternals,
  value: SerializedValue,
  what: string,
): Promise<unknown> {
  try {
    return await saver.codec.serde.loadsTyped(value.type, value.bytes);
  } catch (error) {
    throw new CorruptCheckpointError(`${what} cannot be deserialized`, { cause: error });
  }
}

/**
 * Checks a checkpoint record the way `put` checks its arguments (ids any backend stores
 * exactly) and plans its items. Only the checkpoint body and the metadata are deserialized
 * (for the channel versions and the metadata `list` filters on); values are stored as given.
 */
export async function planCheckpointRecord(
  saver: CosmosSaverInternals,
  record: FencedCheckpointRecord,
): Promise<PlannedCheckpoint> {
  const threadId = readThreadIdArgument(record.threadId, "threadId");
  const checkpointNs = checkIdString(record.checkpointNs, "checkpointNs");
  const checkpointId = checkIdString(record.checkpointId, "checkpointId");
  const parentCheckpointId =
    record.parentCheckpointId === undefined
      ? undefined
      : checkIdString(record.parentCheckpointId, "parentCheckpointId");
  const what = describe(record, "record");
  const body = (await load(saver, record.checkpoint, `${what}: checkpoint`)) as {
    channel_versions?: ChannelVersions;
  } | null;
  const metadata = await load(saver, record.metadata, `${what}: metadata`);
  if (saver.history === "latest")
    assertLatestHistoryCanHold((metadata ?? {}) as CheckpointMetadata);
  const input: EncodedPutInput = {
    partition: saver.partition(threadId),
    checkpointNs,
    checkpointId,
    parentCheckpointId,
    channelVersions: body?.channel_versions ?? {},
    encodedCheckpoint: encodeSerialized(saver.codec, record.checkpoint),
    encodedMetadata: encodeSerialized(saver.codec, record.metadata),
    metadataJson: metadataProjection((metadata ?? {}) as CheckpointMetadata),
    values: record.channelValues.map(({ channel, version, value }) => ({
      channel: checkIdString(channel, "channelValues channel"),
      version,
      encoded: value === undefined ? undefined : encodeSerialized(saver.codec, value),
    })),
    ttlSeconds: saver.ttlSeconds,
    batchBudgetBytes: saver.batchBudgetBytes,
    // The thread's last write is the checkpoint's own time, not the flush's.
    writtenAt: writtenAtOf(record.createdAt),
    // A checkpoint shipped with every value: its size record counts what its put changed.
    introducedChannels: record.introducedChannels,
  };
  const plan = planEncodedPut(input);
  assertItemsFit(
    [
      ...plan.aheadItems,
      ...plan.itemOperations.map((operation) =>
        "resourceBody" in operation ? operation.resourceBody : undefined,
      ),
      plan.head,
    ],
    what,
  );
  return { plan, hasParent: parentCheckpointId !== undefined };
}

function writtenAtOf(createdAt: Date | undefined): string | undefined {
  const ms = createdAt?.getTime();
  return ms === undefined || !Number.isFinite(ms) ? undefined : new Date(ms).toISOString();
}

/** Checks a writes record the way `putWrites` checks its arguments, and encodes its values. */
export function planWritesRecord(
  saver: CosmosSaverInternals,
  record: FencedWritesRecord,
): EncodedWritesInput {
  const threadId = readThreadIdArgument(record.threadId, "threadId");
  return {
    partition: saver.partition(threadId),
    checkpointNs: checkIdString(record.checkpointNs, "checkpointNs"),
    checkpointId: checkIdString(record.checkpointId, "checkpointId"),
    taskId: checkIdString(record.taskId, "taskId"),
    taskPath: checkIdString(record.taskPath ?? "", "taskPath"),
    writes: record.writes.map(({ channel, value, idx }, position) => ({
      channel: checkIdString(channel, "writes channel"),
      encoded: encodeSerialized(saver.codec, value),
      // Checked here, before anything is written, as putMany checks it on PostgreSQL.
      idx: serializedWriteIndex({ channel, idx }, position, `writes[${position}]`),
    })),
    ttlSeconds: saver.ttlSeconds,
    batchBudgetBytes: saver.batchBudgetBytes,
    chunkSizeBytes: saver.codec.chunkSizeBytes,
    // Writes to a checkpoint the head has moved past are dropped, as putWrites drops them.
    dropSuperseded: saver.history === "latest",
  };
}
