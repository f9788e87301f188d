import { CorruptCheckpointError } from "@checkpointkit/core";
import type { CheckpointPendingWrite, DeltaChannelHistory } from "@langchain/langgraph-checkpoint";
import type { RecordCodec } from "./record-codec.js";
import { decodeWrites } from "./tuple-decoder.js";

/**
 * Turns the delta-history script's reply (`[found, ...steps]`, nearest ancestor first, each
 * step `[id, writes, [channel, value, ...]]`) into the result of `getDeltaChannelHistory`:
 * per channel its writes oldest → newest (each ancestor's writes in `writesSortKey` order)
 * and, when an ancestor stored a value, that value as the seed.
 */
export async function decodeDeltaHistory(
  codec: RecordCodec,
  channels: readonly string[],
  reply: unknown,
  location: string,
): Promise<Record<string, DeltaChannelHistory>> {
  const writesByChannel = new Map<string, CheckpointPendingWrite[]>(
    channels.map((channel) => [channel, []]),
  );
  const seeds = new Map<string, unknown>();
  if (!Array.isArray(reply)) {
    throw new CorruptCheckpointError(`unexpected reply for ${location}`, { location });
  }
  const steps = reply.slice(1) as [Buffer, (Buffer | null)[], Buffer[]][];
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
  return result;
}
