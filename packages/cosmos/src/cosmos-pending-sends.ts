import {
  type ChannelVersions,
  type CheckpointTuple,
  maxChannelVersion,
  TASKS,
} from "@langchain/langgraph-checkpoint";
import { checkpointKey, type StoredItem } from "./cosmos-items.js";
import { channelWritesQuery } from "./cosmos-queries.js";
import { queryAll } from "./cosmos-requests.js";
import {
  decodeWrites,
  groupChunks,
  loadChunks,
  type PartitionReader,
  sortItems,
} from "./cosmos-tuples.js";

/**
 * Checkpoints older than format v4 kept pending `Send`s as writes to `__pregel_tasks` on the
 * parent checkpoint; newer readers expect them as that channel's value. Costs one query, only
 * for such old checkpoints.
 */
export async function migratePendingSends(
  reader: PartitionReader,
  tuple: CheckpointTuple,
  nextVersion: (current: number | undefined) => number,
): Promise<void> {
  const parentId = tuple.parentConfig?.configurable?.checkpoint_id;
  if (tuple.checkpoint.v >= 4 || typeof parentId !== "string") return;
  const checkpointNs = String(tuple.config.configurable?.checkpoint_ns ?? "");
  const parentKey = checkpointKey(checkpointNs, parentId);
  const items = await queryAll<StoredItem>(
    reader.container,
    channelWritesQuery(parentKey, TASKS),
    reader.partitionKey,
    reader.meter,
  );
  const writes = (sortItems(items).writesByCheckpointKey.get(parentKey) ?? []).filter(
    (write) => write.channel === TASKS,
  );
  const chunks = groupChunks(await loadChunks(reader, items));
  const pendingSends = (await decodeWrites(reader.codec, writes, chunks)).map((write) => write[2]);
  const checkpoint = tuple.checkpoint;
  checkpoint.channel_values ??= {};
  checkpoint.channel_values[TASKS] = pendingSends;
  checkpoint.channel_versions ??= {};
  const versions: ChannelVersions = checkpoint.channel_versions;
  const existing = Object.values(versions);
  versions[TASKS] = existing.length > 0 ? maxChannelVersion(...existing) : nextVersion(undefined);
}
