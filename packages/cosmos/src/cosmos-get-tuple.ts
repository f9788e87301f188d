import { CorruptCheckpointError } from "@checkpointkit/core";
import { readItems } from "./cosmos-batch-read.js";
import { hasWritesItem, valueIdsToRead, valueRefIds } from "./cosmos-checkpoint-refs.js";
import type { CheckpointItem, HeadItem, StoredItem } from "./cosmos-items.js";
import { checkpointItemId, checkpointKey, headItemId, writesItemId } from "./cosmos-items.js";
import {
  checkpointWithRefsQuery,
  latestCheckpointQuery,
  valuesAndWritesQuery,
} from "./cosmos-queries.js";
import { queryAll, readItem } from "./cosmos-requests.js";
import {
  groupChunks,
  loadChunks,
  type PartitionReader,
  sortItems,
  type TupleParts,
} from "./cosmos-tuples.js";

function partsFrom(
  checkpointItem: CheckpointItem,
  items: readonly StoredItem[],
  chunkItems: Awaited<ReturnType<typeof loadChunks>>,
): TupleParts {
  const sorted = sortItems(items);
  return {
    checkpointItem,
    valuesById: sorted.valuesById,
    writes: sorted.writesByCheckpointKey.get(checkpointItem.checkpoint_key) ?? [],
    chunks: groupChunks([...sorted.chunks, ...chunkItems]),
  };
}

/**
 * The latest checkpoint of a namespace in two requests, both point reads: the head (which
 * names the checkpoint, its writes item and the value items it does not carry copies of),
 * then one transactional batch reading those items. A third request (a query) runs only for
 * chunked (multi-MB) payloads. Heads written before writes items existed take the old path:
 * a query for the checkpoint, its writes and its values.
 */
export async function readLatestParts(
  reader: PartitionReader,
  checkpointNs: string,
): Promise<TupleParts | undefined> {
  const head = await readItem<HeadItem>(
    reader.container,
    headItemId(checkpointNs),
    reader.partitionKey,
    reader.meter,
  );
  // The head is written in the same batch as a namespace's first checkpoint: no head, no data.
  if (head === undefined) return undefined;
  if (typeof head.checkpoint_id !== "string" || !Array.isArray(head.value_ids)) {
    throw new CorruptCheckpointError(
      `thread ${JSON.stringify(head.thread_id)}, namespace ${JSON.stringify(checkpointNs)}: its head item is malformed`,
      { location: head.id },
    );
  }
  const writesId = writesItemId(checkpointNs, head.checkpoint_id);
  // A head moved by a version without writes items keeps a stale `writes_id`.
  if (head.writes_id !== writesId || !Array.isArray(head.read_value_ids)) {
    return readLatestByQuery(reader, checkpointNs, head);
  }
  const checkpointId = checkpointItemId(checkpointNs, head.checkpoint_id);
  const items = await readItems<StoredItem>(
    reader.container,
    reader.partitionKey,
    [checkpointId, writesId, ...head.read_value_ids],
    reader.meter,
  );
  const checkpointItem = items.get(checkpointId);
  if (checkpointItem?.kind !== "checkpoint") {
    // The head outlived its checkpoint (expired or deleted by hand): fall back to a query.
    return readNewestByQuery(reader, checkpointNs);
  }
  return readRest(reader, checkpointItem, [...items.values()]);
}

/**
 * Completes what was read: values the head did not list (only if the head and checkpoint
 * disagree) and chunks of multi-MB payloads.
 */
async function readRest(
  reader: PartitionReader,
  checkpointItem: CheckpointItem,
  items: StoredItem[],
): Promise<TupleParts> {
  const have = new Set(items.map((item) => item.id));
  const missing = valueIdsToRead(checkpointItem).filter((id) => !have.has(id));
  if (missing.length > 0) {
    const more = await readItems<StoredItem>(
      reader.container,
      reader.partitionKey,
      missing,
      reader.meter,
    );
    items.push(...more.values());
  }
  return partsFrom(checkpointItem, items, await loadChunks(reader, items));
}

async function readLatestByQuery(
  reader: PartitionReader,
  checkpointNs: string,
  head: HeadItem,
): Promise<TupleParts | undefined> {
  const items = await queryAll<StoredItem>(
    reader.container,
    checkpointWithRefsQuery(checkpointKey(checkpointNs, head.checkpoint_id), head.value_ids),
    reader.partitionKey,
    reader.meter,
  );
  const checkpointItem = sortItems(items).checkpoints[0];
  if (checkpointItem === undefined) return readNewestByQuery(reader, checkpointNs);
  return partsFrom(checkpointItem, items, await loadChunks(reader, items));
}

async function readNewestByQuery(
  reader: PartitionReader,
  checkpointNs: string,
): Promise<TupleParts | undefined> {
  const [newest] = await queryAll<CheckpointItem>(
    reader.container,
    latestCheckpointQuery(checkpointNs),
    reader.partitionKey,
    reader.meter,
  );
  if (newest === undefined) return undefined;
  return readPartsOf(reader, newest);
}

/**
 * One checkpoint by id in two requests, both point reads: the checkpoint item, then one
 * transactional batch for its writes item and the values it does not carry copies of.
 */
export async function readPartsById(
  reader: PartitionReader,
  checkpointNs: string,
  checkpointId: string,
): Promise<TupleParts | undefined> {
  const checkpointItem = await readItem<CheckpointItem>(
    reader.container,
    checkpointItemId(checkpointNs, checkpointId),
    reader.partitionKey,
    reader.meter,
  );
  if (checkpointItem?.kind !== "checkpoint") return undefined;
  return readPartsOf(reader, checkpointItem);
}

/** The writes and values of a checkpoint item in hand. */
async function readPartsOf(
  reader: PartitionReader,
  checkpointItem: CheckpointItem,
): Promise<TupleParts> {
  if (hasWritesItem(checkpointItem)) {
    const items = await readItems<StoredItem>(
      reader.container,
      reader.partitionKey,
      [checkpointItem.writes_id as string, ...valueIdsToRead(checkpointItem)],
      reader.meter,
    );
    return readRest(reader, checkpointItem, [checkpointItem, ...items.values()]);
  }
  // Written before writes items: its writes are `write` items, found by a query.
  const items = await queryAll<StoredItem>(
    reader.container,
    valuesAndWritesQuery(valueRefIds(checkpointItem), [checkpointItem.checkpoint_key]),
    reader.partitionKey,
    reader.meter,
  );
  const all = [checkpointItem, ...items];
  return partsFrom(checkpointItem, all, await loadChunks(reader, all));
}
