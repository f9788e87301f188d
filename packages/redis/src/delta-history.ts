import { CorruptCheckpointError } from "@checkpointkit/core";
import type { CheckpointPendingWrite, DeltaChannelHistory } from "@langchain/langgraph-checkpoint";
import type { RecordCodec } from "./record-codec.js";
import { decodeWrites } from "./tuple-decoder.js";

/**
 * Where the server-side walk of `getDeltaChannelHistory` stopped. "root": at a checkpoint
 * without a parent; "seeded": every asked channel found its seed; both mean Redis held every
 * checkpoint the history needs. "missing-ancestor": at a parent Redis does not hold (or a
 * chain that loops back on itself), so older writes and the seed may exist elsewhere.
 * "missing-target": Redis does not hold the checkpoint itself.
 */
export type DeltaHistoryWalkEnd = "root" | "seeded" | "missing-ancestor" | "missing-target";

/** A delta history with where its walk stopped: see `DeltaHistoryWalkEnd`. */
export interface DeltaChannelHistoryWithWalkEnd {
  history: Record<string, DeltaChannelHistory>;
  walkEnd: DeltaHistoryWalkEnd;
}

/** The delta-history script's walk-end codes, in reply order (see `DELTA_CHANNEL_HISTORY_LUA`). */
const WALK_ENDS: readonly DeltaHistoryWalkEnd[] = [
  "missing-target",
  "root",
  "seeded",
  "missing-ancestor",
];

function decodeWalkEnd(reply: unknown, location: string): DeltaHistoryWalkEnd {
  const walkEnd = Array.isArray(reply) ? WALK_ENDS[Number(reply[0])] : undefined;
  if (walkEnd === undefined) {
    throw new CorruptCheckpointError(`unexpected reply for ${location}`, { location });
  }
  return walkEnd;
}

/**
 * Turns the delta-history script's reply (`[walk end, ...steps]`, nearest ancestor first,
 * each step `[id, writes, [channel, value, ...]]`) into the walk end and the result of
 * `getDeltaChannelHistory`: per channel its writes oldest → newest (each ancestor's writes in
 * `writesSortKey` order) and, when an ancestor stored a value, that value as the seed.
 */
export async function decodeDeltaHistory(
  codec: RecordCodec,
  channels: readonly string[],
  reply: unknown,
  location: string,
): Promise<DeltaChannelHistoryWithWalkEnd> {
  const walkEnd = decodeWalkEnd(reply, location);
  const writesByChannel = new Map<string, CheckpointPendingWrite[]>(
    channels.map((channel) => [channel, []]),
  );
  const seeds = new Map<string, unknown>();
  const steps = (reply as unknown[]).slice(1) as [Buffer, (Buffer | null)[], Buffer[]][];
  for (const [id, writes, seedPairs] of [...steps].reverse()) {
    const at = `${location} checkpoint ${JSON.stringify(String(id))}`;
    for (const write of await decodeWrites(codec, writes, at)) {
      writesByChannel.get(write.channel)?.push([write.taskId, write.channel, write.value]);
    }
    for (let index = 0; index + 1 < seedPairs.length; index += 2) {
      const channel = seedPairs[index]!.toString("utf8");
      const decoded = await codec.decodeChannelValue(seedPairs[index + 1]!, `${at} channel`);
      if (decoded !== undefined) seeds.set(channel, decoded.value);
    }
  }
  const result: Record<string, DeltaChannelHistory> = {};
  for (const channel of channels) {
    const history: DeltaChannelHistory = { writes: writesByChannel.get(channel) ?? [] };
    if (seeds.has(channel)) history.seed = seeds.get(channel);
    result[channel] = history;
  }
  return { history: result, walkEnd };
}
