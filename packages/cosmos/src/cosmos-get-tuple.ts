import { CorruptCheckpointError } from "@checkpointkit/core";
import type { CheckpointItem, HeadItem, StoredItem } from "./cosmos-items.js";
import { checkpointKey, headItemId } from "./cosmos-items.js";
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
 * The latest checkpoint of a namespace in two requests: a point read of the head (which names
 * the checkpoint and the value items it references), then one query for the checkpoint item,
 * its writes and those values. A third query runs only for chunked (multi-MB) payloads.
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
  const items = await queryAll<StoredItem>(
    reader.container,
    checkpointWithRefsQuery(checkpointKey(checkpointNs, head.checkpoint_id), head.value_ids),
    reader.partitionKey,
    reader.meter,
  );
  const checkpointItem = sortItems(items).checkpoints[0];
  if (checkpointItem === undefined) {
    // The head outlived its checkpoint (expired or deleted by hand): fall back to a query.
    return readNewestByQuery(reader, checkpointNs);
  }
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

/** One checkpoint by id: a query for the checkpoint item and its writes, then its values. */
export async function readPartsById(
  reader: PartitionReader,
  checkpointNs: string,
  checkpointId: string,
): Promise<TupleParts | undefined> {
  const items = await queryAll<StoredItem>(
    reader.container,
    checkpointWithRefsQuery(checkpointKey(checkpointNs, checkpointId), []),
    reader.partitionKey,
    reader.meter,
  );
  const checkpointItem = sortItems(items).checkpoints[0];
  if (checkpointItem === undefined) return undefined;
  const valueIds = checkpointItem.value_refs.map((ref) => ref.id);
  const values =
    valueIds.length === 0
      ? []
      : await queryAll<StoredItem>(
          reader.container,
          valuesAndWritesQuery(valueIds, []),
          reader.partitionKey,
          reader.meter,
        );
  const all = [...items, ...values];
  return partsFrom(checkpointItem, all, await loadChunks(reader, all));
}

async function readPartsOf(
  reader: PartitionReader,
  checkpointItem: CheckpointItem,
): Promise<TupleParts> {
  const items = await queryAll<StoredItem>(
    reader.container,
    valuesAndWritesQuery(
      checkpointItem.value_refs.map((ref) => ref.id),
      [checkpointItem.checkpoint_key],
    ),
    reader.partitionKey,
    reader.meter,
  );
  const all = [checkpointItem, ...items];
  return partsFrom(checkpointItem, all, await loadChunks(reader, all));
}
