import type { Container, PartitionKey } from "@azure/cosmos";
import { readItems } from "./cosmos-batch-read.js";
import { hasWritesItem, valueIdsToRead, valueRefIds } from "./cosmos-checkpoint-refs.js";
import type { CheckpointItem, StoredItem, ValueItem, WritesItem } from "./cosmos-items.js";
import { valuesAndWritesQuery } from "./cosmos-queries.js";
import { queryAll, type RequestMeter } from "./cosmos-requests.js";
import {
  groupChunks,
  loadChunks,
  type PartitionReader,
  sortItems,
  type TupleParts,
} from "./cosmos-tuples.js";

/** A checkpoint of a `list` page and the writes item the page query returned beside it. */
export interface ListedCheckpoint {
  item: CheckpointItem;
  writesItem: WritesItem | undefined;
}

export function partitionKeyOf(item: { tenant_key?: string; thread_key: string }): PartitionKey {
  return item.tenant_key === undefined ? item.thread_key : [item.tenant_key, item.thread_key];
}

/**
 * The parts of some listed checkpoints of one partition. Their writes came with the page;
 * values come from the copies the checkpoint items carry, from `knownValues` (what the
 * previous page read) and, for the rest, one batch of point reads. Checkpoints written before
 * writes items cost one query for their values and `write` items instead.
 * `knownValues` is replaced by the values this call used.
 */
export async function loadListedParts(
  container: Container,
  reader: PartitionReader,
  listed: readonly ListedCheckpoint[],
  knownValues: Map<string, ValueItem>,
  meter: RequestMeter,
): Promise<Map<CheckpointItem, TupleParts>> {
  const items: StoredItem[] = [];
  for (const { item, writesItem } of listed) {
    items.push(item);
    if (writesItem !== undefined) items.push(writesItem);
  }
  const copies = sortItems(items).valuesById;
  const needed = new Set(listed.flatMap(({ item }) => valueRefIds(item)));
  const newLayout = listed.filter(({ item }) => hasWritesItem(item));
  const oldLayout = listed.filter(({ item }) => !hasWritesItem(item));
  const toRead = [...new Set(newLayout.flatMap(({ item }) => valueIdsToRead(item)))].filter(
    (id) => !copies.has(id) && !knownValues.has(id),
  );
  const read: StoredItem[] = [];
  const [pointRead, queried] = await Promise.all([
    toRead.length === 0
      ? new Map<string, StoredItem>()
      : readItems<StoredItem>(container, reader.partitionKey, toRead, meter),
    oldLayout.length === 0
      ? []
      : queryAll<StoredItem>(
          container,
          valuesAndWritesQuery(
            [...new Set(oldLayout.flatMap(({ item }) => valueRefIds(item)))],
            oldLayout.map(({ item }) => item.checkpoint_key),
          ),
          reader.partitionKey,
          meter,
        ),
  ]);
  read.push(...pointRead.values());
  // The page query returned writes items already: the query's copies are left out.
  const inHand = new Set(items.map((item) => item.id));
  read.push(...queried.filter((item) => !inHand.has(item.id)));
  for (const id of needed) {
    const known = knownValues.get(id);
    if (known !== undefined && !copies.has(id)) read.push(known);
  }
  const all = [...items, ...read];
  const sorted = sortItems(all);
  const chunks = groupChunks([...sorted.chunks, ...(await loadChunks(reader, all))]);
  knownValues.clear();
  for (const id of needed) {
    const value = sorted.valuesById.get(id);
    if (value !== undefined) knownValues.set(id, value);
  }
  const parts = new Map<CheckpointItem, TupleParts>();
  for (const { item } of listed) {
    parts.set(item, {
      checkpointItem: item,
      valuesById: sorted.valuesById,
      writes: sorted.writesByCheckpointKey.get(item.checkpoint_key) ?? [],
      chunks,
    });
  }
  return parts;
}
