import { isDeepStrictEqual } from "node:util";
import type { Container, FeedOptions, PartitionKey } from "@azure/cosmos";
import { CorruptCheckpointError } from "@checkpointkit/core";
import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import type { CheckpointItem, StoredItem } from "./cosmos-items.js";
import type { PayloadCodec } from "./cosmos-payloads.js";
import { listCheckpointsQuery, valuesAndWritesQuery } from "./cosmos-queries.js";
import { queryAll, queryPages, type RequestMeter } from "./cosmos-requests.js";
import {
  buildTuple,
  groupChunks,
  loadChunks,
  type PartitionReader,
  sortItems,
} from "./cosmos-tuples.js";

export interface ListCriteria {
  /** Partition to list; undefined lists across all partitions (global listing). */
  partitionKey: PartitionKey | undefined;
  /** Restricts a global listing to one tenant (hierarchical partition keys). */
  tenantKey: string | undefined;
  checkpointNs: string | undefined;
  checkpointId: string | undefined;
  beforeCheckpointId: string | undefined;
  filter: Record<string, unknown> | undefined;
  limit: number | undefined;
}

export interface ListContext {
  container: Container;
  codec: PayloadCodec;
  meter: RequestMeter;
  pageSize: number;
  /** Completes a tuple after decoding (pending-sends migration of old checkpoints). */
  finish: (reader: PartitionReader, tuple: CheckpointTuple) => Promise<void>;
  /**
   * Set for listings of every thread: a checkpoint that cannot be decoded is reported here and
   * skipped, so one damaged thread does not end the listing of all the others.
   */
  onCorruptRecord?: ((error: CorruptCheckpointError) => void) | undefined;
}

function partitionKeyOf(item: CheckpointItem): PartitionKey {
  return item.tenant_key === undefined ? item.thread_key : [item.tenant_key, item.thread_key];
}

/**
 * Streams checkpoints newest first, one page of checkpoint items per query (continuation
 * tokens followed lazily), plus one query per thread on the page for the values and writes
 * those checkpoints reference. Nothing beyond the page being yielded is held in memory.
 */
export async function* listTuples(
  context: ListContext,
  criteria: ListCriteria,
): AsyncGenerator<CheckpointTuple> {
  if (criteria.limit !== undefined && criteria.limit <= 0) return;
  const { query, residualFilter } = listCheckpointsQuery(criteria);
  const pageSize =
    criteria.limit !== undefined && residualFilter.length === 0
      ? Math.min(criteria.limit, context.pageSize)
      : context.pageSize;
  const options: FeedOptions = {
    maxItemCount: pageSize,
    ...(criteria.partitionKey === undefined ? {} : { partitionKey: criteria.partitionKey }),
  };
  let remaining = criteria.limit ?? Number.POSITIVE_INFINITY;
  for await (const page of queryPages<CheckpointItem>(
    context.container,
    query,
    options,
    context.meter,
  )) {
    const byPartition = new Map<string, CheckpointItem[]>();
    for (const item of page) {
      const key = JSON.stringify(partitionKeyOf(item));
      const group = byPartition.get(key);
      if (group === undefined) byPartition.set(key, [item]);
      else group.push(item);
    }
    const tuples = new Map<CheckpointItem, { tuple: CheckpointTuple; reader: PartitionReader }>();
    for (const group of byPartition.values()) {
      const first = group[0] as CheckpointItem;
      const reader: PartitionReader = {
        container: context.container,
        partitionKey: partitionKeyOf(first),
        codec: context.codec,
        meter: context.meter,
      };
      // A damaged item (no value_refs) must not keep the healthy ones of its page from loading.
      const valueIds = [
        ...new Set(
          group.flatMap((item) =>
            Array.isArray(item.value_refs) ? item.value_refs.map((ref) => ref?.id) : [],
          ),
        ),
      ].filter((id): id is string => typeof id === "string");
      const related = await queryAll<StoredItem>(
        context.container,
        valuesAndWritesQuery(
          valueIds,
          group.map((item) => item.checkpoint_key),
        ),
        reader.partitionKey,
        context.meter,
      );
      const sorted = sortItems(related);
      const chunks = groupChunks([
        ...sorted.chunks,
        ...(await loadChunks(reader, [...group, ...related])),
      ]);
      for (const item of group) {
        try {
          const tuple = await buildTuple(context.codec, {
            checkpointItem: item,
            valuesById: sorted.valuesById,
            writes: sorted.writesByCheckpointKey.get(item.checkpoint_key) ?? [],
            chunks,
          });
          tuples.set(item, { tuple, reader });
        } catch (error) {
          if (!(CorruptCheckpointError.isInstance(error) && context.onCorruptRecord)) throw error;
          context.onCorruptRecord(error);
        }
      }
    }
    for (const item of page) {
      const entry = tuples.get(item);
      if (entry === undefined) continue;
      const metadata = (entry.tuple.metadata ?? {}) as Record<string, unknown>;
      if (!residualFilter.every(([key, value]) => isDeepStrictEqual(metadata[key], value))) {
        continue;
      }
      await context.finish(entry.reader, entry.tuple);
      yield entry.tuple;
      remaining -= 1;
      if (remaining <= 0) return;
    }
  }
}
