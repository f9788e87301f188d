import { isDeepStrictEqual } from "node:util";
import type { Container, FeedOptions, PartitionKey } from "@azure/cosmos";
import { CorruptCheckpointError } from "@checkpointkit/core";
import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import type { CheckpointItem, ValueItem, WritesItem } from "./cosmos-items.js";
import { type ListedCheckpoint, loadListedParts, partitionKeyOf } from "./cosmos-list-parts.js";
import type { PayloadCodec } from "./cosmos-payloads.js";
import { listCheckpointsQuery } from "./cosmos-queries.js";
import { queryPages, type RequestMeter } from "./cosmos-requests.js";
import { buildTuple, type PartitionReader, type TupleParts } from "./cosmos-tuples.js";

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

/** A listed checkpoint waiting for its writes item, which may come after it in the page. */
interface Pending extends ListedCheckpoint {
  /** A row of another checkpoint id came after it: its writes item cannot come any more. */
  closed: boolean;
}

type Row = CheckpointItem | WritesItem;

function rowKey(row: Row): string {
  return JSON.stringify([partitionKeyOf(row), row.checkpoint_key]);
}

/**
 * Streams checkpoints newest first. One query returns, page by page (continuation tokens
 * followed lazily), the checkpoint items and their writes items side by side (both sort by
 * `checkpoint_id`); the checkpoint items carry copies of the small values they wrote. A
 * page's checkpoints are decoded from that alone when every value they reference is copied
 * in the page or was read for the previous page; other values are read with one batch of
 * point reads per thread on the page. Only the page being yielded is held in memory.
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
    // Each checkpoint and its writes item, plus one row that shows the last one complete.
    maxItemCount: pageSize * 2 + 1,
    ...(criteria.partitionKey === undefined ? {} : { partitionKey: criteria.partitionKey }),
  };
  const state: ListState = { knownValues: new Map(), remaining: criteria.limit ?? Infinity };
  const pending: Pending[] = [];
  const writesByKey = new Map<string, WritesItem>();
  for await (const page of queryPages<Row>(context.container, query, options, context.meter)) {
    for (const row of page) {
      for (const entry of pending) {
        if (entry.item.checkpoint_id !== row.checkpoint_id) entry.closed = true;
      }
      if (row.kind === "writes") writesByKey.set(rowKey(row), row);
      else if (row.kind === "checkpoint") {
        pending.push({ item: row, writesItem: undefined, closed: false });
      }
    }
    for (const entry of pending) entry.writesItem ??= writesByKey.get(rowKey(entry.item));
    const ready: Pending[] = [];
    while (pending.length > 0) {
      const first = pending[0] as Pending;
      if (first.writesItem === undefined && !first.closed) break;
      ready.push(first);
      pending.shift();
    }
    // What is still pending shares the last row's checkpoint id; older writes items are done.
    const lastId = page[page.length - 1]?.checkpoint_id;
    for (const [key, item] of writesByKey) {
      if (item.checkpoint_id !== lastId) writesByKey.delete(key);
    }
    yield* emit(context, residualFilter, ready, state);
    if (state.remaining <= 0) return;
  }
  yield* emit(context, residualFilter, pending, state);
}

interface ListState {
  /** Per partition: the values read or copied for the previous page, by value item id. */
  knownValues: Map<string, Map<string, ValueItem>>;
  remaining: number;
}

async function* emit(
  context: ListContext,
  residualFilter: [string, unknown][],
  listed: readonly ListedCheckpoint[],
  state: ListState,
): AsyncGenerator<CheckpointTuple> {
  if (listed.length === 0) return;
  const byPartition = new Map<string, ListedCheckpoint[]>();
  for (const entry of listed) {
    const key = JSON.stringify(partitionKeyOf(entry.item));
    const group = byPartition.get(key);
    if (group === undefined) byPartition.set(key, [entry]);
    else group.push(entry);
  }
  const tuples = new Map<CheckpointItem, { tuple: CheckpointTuple; reader: PartitionReader }>();
  const knownValues = new Map<string, Map<string, ValueItem>>();
  for (const [key, group] of byPartition) {
    const reader: PartitionReader = {
      container: context.container,
      partitionKey: partitionKeyOf(group[0]?.item as CheckpointItem),
      codec: context.codec,
      meter: context.meter,
    };
    const known = state.knownValues.get(key) ?? new Map<string, ValueItem>();
    const parts = await loadListedParts(context.container, reader, group, known, context.meter);
    knownValues.set(key, known);
    for (const { item } of group) {
      try {
        const tuple = await buildTuple(context.codec, parts.get(item) as TupleParts);
        tuples.set(item, { tuple, reader });
      } catch (error) {
        if (!(CorruptCheckpointError.isInstance(error) && context.onCorruptRecord)) throw error;
        context.onCorruptRecord(error);
      }
    }
  }
  // Values of partitions this page did not touch are not kept: memory stays one page's worth.
  state.knownValues = knownValues;
  for (const { item } of listed) {
    const entry = tuples.get(item);
    if (entry === undefined) continue;
    const metadata = (entry.tuple.metadata ?? {}) as Record<string, unknown>;
    if (!residualFilter.every(([key, value]) => isDeepStrictEqual(metadata[key], value))) {
      continue;
    }
    await context.finish(entry.reader, entry.tuple);
    yield entry.tuple;
    state.remaining -= 1;
    if (state.remaining <= 0) return;
  }
}
