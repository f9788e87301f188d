import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { type DisplayValue, toDisplayValue } from "./display-value.js";

/** One channel that differs between a checkpoint and its parent. */
export interface ChannelChange {
  channel: string;
  change: "added" | "changed" | "removed";
  before: DisplayValue;
  after: DisplayValue;
}

/**
 * The channels whose version differs from the parent's: a channel's version changes exactly
 * when a step writes it, so versions (not values) decide, and the values are shown.
 */
export function channelChanges(
  tuple: CheckpointTuple,
  parent: CheckpointTuple | undefined,
): ChannelChange[] {
  const versions = tuple.checkpoint.channel_versions ?? {};
  const parentVersions = parent?.checkpoint.channel_versions ?? {};
  const values = tuple.checkpoint.channel_values ?? {};
  const parentValues = parent?.checkpoint.channel_values ?? {};
  return changedChannels(tuple, parent).map((channel) => ({
    channel,
    change: !(channel in parentVersions) ? "added" : !(channel in versions) ? "removed" : "changed",
    before: toDisplayValue(parentValues[channel]),
    after: toDisplayValue(values[channel]),
  }));
}

/** Names of the channels whose version differs from the parent's, sorted. */
export function changedChannels(
  tuple: CheckpointTuple,
  parent: CheckpointTuple | undefined,
): string[] {
  const versions = tuple.checkpoint.channel_versions ?? {};
  const parentVersions = parent?.checkpoint.channel_versions ?? {};
  const channels = new Set([...Object.keys(versions), ...Object.keys(parentVersions)]);
  return [...channels]
    .filter(
      (channel) =>
        !(channel in versions) ||
        !(channel in parentVersions) ||
        String(versions[channel]) !== String(parentVersions[channel]),
    )
    .sort();
}
