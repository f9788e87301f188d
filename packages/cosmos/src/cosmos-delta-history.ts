import type { CheckpointPendingWrite, DeltaChannelHistory } from "@langchain/langgraph-checkpoint";
import { checkpointKey, type StoredItem, type ValueRef } from "./cosmos-items.js";
import { decodePayload } from "./cosmos-payloads.js";
import { channelHistoryQuery, parentLinksQuery } from "./cosmos-queries.js";
import { queryAll } from "./cosmos-requests.js";
import {
  decodeWrites,
  groupChunks,
  loadChunks,
  namingCheckpoint,
  type PartitionReader,
  sortItems,
} from "./cosmos-tuples.js";

interface ParentLink {
  checkpoint_id: string;
  parent_checkpoint_id: string | null;
  value_refs: ValueRef[];
}

/** Where one channel's walk stopped, and at which value item its seed is. */
interface ChannelWalk {
  /** Ancestors whose writes count, nearest first. */
  checkpointIds: string[];
  seedValueId: string | undefined;
  /** The ancestor whose value is the seed. */
  seedCheckpointId: string | undefined;
}

/**
 * `getDeltaChannelHistory` in two queries: the namespace's parent links (id, parent, value
 * references; a projection, no payloads) to walk the chain in memory, then the walked
 * ancestors' writes to the requested channels plus the seed values. A third query runs only
 * when a payload is chunked. Results match the base implementation's walk.
 */
export async function readDeltaChannelHistory(
  reader: PartitionReader,
  threadId: string,
  checkpointNs: string,
  checkpointId: string | undefined,
  channels: string[],
): Promise<Record<string, DeltaChannelHistory>> {
  const links = await queryAll<ParentLink>(
    reader.container,
    parentLinksQuery(checkpointNs, checkpointId),
    reader.partitionKey,
    reader.meter,
  );
  const linkById = new Map(links.map((link) => [link.checkpoint_id, link]));
  // Without an id the target is the newest checkpoint, which the links already show.
  const targetId =
    checkpointId ??
    links.reduce<string | undefined>(
      (newest, link) =>
        newest === undefined || link.checkpoint_id > newest ? link.checkpoint_id : newest,
      undefined,
    );
  const walks = new Map<string, ChannelWalk>(
    channels.map((channel) => [
      channel,
      { checkpointIds: [], seedValueId: undefined, seedCheckpointId: undefined },
    ]),
  );
  const remaining = new Set(channels);
  const chain: string[] = [];
  let cursor =
    targetId === undefined ? null : (linkById.get(targetId)?.parent_checkpoint_id ?? null);
  while (cursor !== null && remaining.size > 0) {
    const link = linkById.get(cursor);
    if (link === undefined) break;
    chain.push(cursor);
    for (const channel of remaining) {
      (walks.get(channel) as ChannelWalk).checkpointIds.push(cursor);
    }
    for (const ref of link.value_refs) {
      if (!remaining.has(ref.channel)) continue;
      const walk = walks.get(ref.channel) as ChannelWalk;
      walk.seedValueId = ref.id;
      walk.seedCheckpointId = cursor;
      remaining.delete(ref.channel);
    }
    cursor = link.parent_checkpoint_id;
  }

  const result: Record<string, DeltaChannelHistory> = {};
  for (const channel of channels) result[channel] = { writes: [] };
  if (chain.length === 0) return result;
  const seedIds = [...walks.values()].flatMap((walk) =>
    walk.seedValueId === undefined ? [] : [walk.seedValueId],
  );
  const items = await queryAll<StoredItem>(
    reader.container,
    channelHistoryQuery(
      chain.map((id) => checkpointKey(checkpointNs, id)),
      channels,
      seedIds,
    ),
    reader.partitionKey,
    reader.meter,
  );
  const sorted = sortItems(items);
  const chunks = groupChunks([...sorted.chunks, ...(await loadChunks(reader, items))]);
  for (const [channel, walk] of walks) {
    const writes: CheckpointPendingWrite[] = [];
    // Oldest ancestor first; within one checkpoint, the order live execution applied them.
    for (const id of [...walk.checkpointIds].reverse()) {
      const stored = (
        sorted.writesByCheckpointKey.get(checkpointKey(checkpointNs, id)) ?? []
      ).filter((write) => write.channel === channel);
      const address = { thread_id: threadId, checkpoint_ns: checkpointNs, checkpoint_id: id };
      try {
        writes.push(...(await decodeWrites(reader.codec, stored, chunks)));
      } catch (error) {
        throw namingCheckpoint(error, address, stored[0]?.id ?? id);
      }
    }
    const entry: DeltaChannelHistory = { writes };
    const seedItem =
      walk.seedValueId === undefined ? undefined : sorted.valuesById.get(walk.seedValueId);
    if (seedItem !== undefined) {
      const seedOf = {
        thread_id: threadId,
        checkpoint_ns: checkpointNs,
        checkpoint_id: walk.seedCheckpointId ?? "",
      };
      try {
        entry.seed = await decodePayload(
          reader.codec,
          seedItem.payload,
          seedItem.id,
          chunks.get(seedItem.id),
        );
      } catch (error) {
        throw namingCheckpoint(error, seedOf, seedItem.id);
      }
    }
    Object.defineProperty(result, channel, {
      value: entry,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}
