import { isDeepStrictEqual } from "node:util";
import type {
  CheckpointPendingWrite,
  CheckpointTuple,
  DeltaChannelHistory,
} from "@langchain/langgraph-checkpoint";
import { addressKey, addressOf, type ExpectedHistory } from "./expected-history.js";
import type { ReadSpec } from "./read-spec.js";

/** A channel no checkpoint has: its history must walk to the root and find no seed. */
const ABSENT_CHANNEL = "checkpointkit-conformance-absent-channel";

function channelsOf(tuples: readonly CheckpointTuple[]): string[] {
  const channels = new Set<string>([ABSENT_CHANNEL]);
  for (const tuple of tuples) {
    for (const channel of Object.keys(tuple.checkpoint.channel_versions)) channels.add(channel);
    for (const [, channel] of tuple.pendingWrites ?? []) channels.add(channel);
  }
  return [...channels].sort();
}

/**
 * The answer the `getDeltaChannelHistory` contract (see `BaseCheckpointSaver`) gives for the
 * expected history: walking the target's ancestors through their parents, each ancestor's
 * writes of a channel (oldest ancestor first, each ancestor's writes in stored order) up to
 * and including the nearest ancestor that stores a value of the channel, which is the seed.
 */
function expectedDeltaHistory(
  history: ExpectedHistory,
  target: CheckpointTuple,
  channels: readonly string[],
): Record<string, DeltaChannelHistory> {
  const result: Record<string, DeltaChannelHistory> = {};
  for (const channel of channels) {
    const newestFirstBlocks: CheckpointPendingWrite[][] = [];
    let seed: { value: unknown } | undefined;
    for (
      let ancestor = history.parentOf(target);
      ancestor !== undefined && seed === undefined;
      ancestor = history.parentOf(ancestor)
    ) {
      newestFirstBlocks.push((ancestor.pendingWrites ?? []).filter(([, name]) => name === channel));
      if (Object.hasOwn(ancestor.checkpoint.channel_values, channel)) {
        seed = { value: ancestor.checkpoint.channel_values[channel] };
      }
    }
    const entry: DeltaChannelHistory = { writes: newestFirstBlocks.reverse().flat() };
    if (seed !== undefined) entry.seed = seed.value;
    result[channel] = entry;
  }
  return result;
}

/** `getDeltaChannelHistory` of every stored checkpoint, for every channel the thread uses. */
export const deltaChannelHistorySpec: ReadSpec = {
  name: "getDeltaChannelHistory of every checkpoint walks the stored parents like the expected history",
  async check(saver, history) {
    const violations: string[] = [];
    for (const tuples of history.byThread.values()) {
      const channels = channelsOf(tuples);
      for (const tuple of tuples) {
        const expected = expectedDeltaHistory(history, tuple, channels);
        const actual = await saver.getDeltaChannelHistory({ config: tuple.config, channels });
        const differing = channels.filter(
          (channel) => !isDeepStrictEqual(actual[channel], expected[channel]),
        );
        if (differing.length > 0) {
          violations.push(
            `getDeltaChannelHistory(${addressKey(addressOf(tuple))}): channels ${differing.join(", ")} differ`,
          );
        }
      }
    }
    return violations;
  },
};
