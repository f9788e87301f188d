import type { BaseCheckpointSaver, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { type ChannelChange, channelChanges } from "./channel-diff.js";
import { type CheckpointAddress, checkpointConfig, parentAddressOf } from "./checkpoint-address.js";
import { type CheckpointStoredSize, readCheckpointSize } from "./checkpoint-size.js";
import { type DisplayValue, toDisplayValue } from "./display-value.js";
import { type TaskWrites, writesByTask } from "./pending-writes.js";
import { stepWriters } from "./step-writers.js";

export interface ChannelState {
  channel: string;
  version: string | number | null;
  value: DisplayValue;
}

/** Everything the checkpoint page shows; the API returns it as JSON. */
export interface CheckpointDetail {
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
  parentCheckpointId: string | null;
  createdAt: string | null;
  metadata: DisplayValue;
  writers: string[];
  channels: ChannelState[];
  pendingWrites: TaskWrites[];
  /**
   * What the saver recorded of this checkpoint's stored size (`getCheckpointSize`); null when
   * the saver has no such call.
   */
  storedSize: CheckpointStoredSize | null;
  /** Channels whose version differs from the parent's (all channels for a root checkpoint). */
  changes: ChannelChange[];
}

/**
 * Two `getTuple` calls: the checkpoint and its parent (for the diff and the writers); beside
 * them, one `getCheckpointSize` when the saver has it.
 */
export async function readCheckpointDetail(
  saver: BaseCheckpointSaver,
  address: CheckpointAddress,
): Promise<CheckpointDetail | undefined> {
  // Never rejects (a failure is part of its answer), so it can run beside the reads below.
  const storedSize = readCheckpointSize(saver, address);
  const tuple = await saver.getTuple(checkpointConfig(address));
  if (tuple === undefined) {
    await storedSize;
    return undefined;
  }
  const parentAddress = parentAddressOf(tuple);
  const parent =
    parentAddress === undefined ? undefined : await saver.getTuple(checkpointConfig(parentAddress));
  return {
    ...address,
    checkpointId: tuple.checkpoint.id,
    parentCheckpointId: parentAddress?.checkpointId ?? null,
    createdAt: typeof tuple.checkpoint.ts === "string" ? tuple.checkpoint.ts : null,
    metadata: toDisplayValue(tuple.metadata ?? {}),
    writers: stepWriters(tuple, parent),
    channels: channelStates(tuple),
    pendingWrites: writesByTask(tuple, parent),
    storedSize: await storedSize,
    changes: channelChanges(tuple, parent),
  };
}

function channelStates(tuple: CheckpointTuple): ChannelState[] {
  const versions = tuple.checkpoint.channel_versions ?? {};
  const values = tuple.checkpoint.channel_values ?? {};
  const channels = new Set([...Object.keys(values), ...Object.keys(versions)]);
  return [...channels].sort().map((channel) => ({
    channel,
    version: versions[channel] ?? null,
    value: toDisplayValue(values[channel]),
  }));
}
