import { isDeepStrictEqual } from "node:util";
import { CorruptCheckpointError } from "@checkpointkit/core";
import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";

/** A namespace's page request: ids strictly below `cursor` ("" = from the newest). */
export interface NamespaceCursor {
  checkpointNs: string;
  cursor: string;
}

/** What listing needs from the saver; each method is one round trip. */
export interface ListSource {
  readonly pageSize: number;
  readonly shards: readonly number[];
  /** Next ids per namespace, newest first: all namespaces of the thread, or the ones named. */
  listIds(
    threadId: string,
    request: { allNamespacesBelow: string } | { namespaces: NamespaceCursor[] },
    limit: number,
  ): Promise<{ checkpointNs: string; ids: string[] }[]>;
  /**
   * Full tuples for the given checkpoints, in the given order (missing ones left out); a
   * checkpoint that cannot be decoded comes back as its `CorruptCheckpointError`.
   */
  readTuples(
    threadId: string,
    checkpoints: { checkpointNs: string; checkpointId: string }[],
  ): Promise<(CheckpointTuple | CorruptCheckpointError)[]>;
  /** Thread ids of a shard with their last-activity score, most recent first, from `offset`. */
  threadsOfShard(shard: number, offset: number, count: number): Promise<[string, number][]>;
}

export interface ListQuery {
  threadId: string | undefined;
  /** Undefined = every namespace. */
  checkpointNs: string | undefined;
  checkpointId: string | undefined;
  beforeId: string | undefined;
  limit: number | undefined;
  filter: Record<string, unknown> | undefined;
}

/**
 * `list`: threads most recently active first (one thread when `thread_id` is given), and
 * within a thread the checkpoints newest first, merged across namespaces. Pages are fetched
 * lazily: one round trip for a page of ids, one for the page's tuples.
 *
 * Corrupt data never hides healthy data: a checkpoint that cannot be decoded is skipped, and
 * a thread whose keys cannot be read at all is skipped from that point on. Each is reported
 * to `onCorruptRecord` when given; without it, the first `CorruptCheckpointError` is thrown
 * once everything readable has been yielded, so nothing corrupt passes unnoticed.
 */
export async function* listCheckpoints(
  source: ListSource,
  query: ListQuery,
  onCorruptRecord?: (error: CorruptCheckpointError) => void,
): AsyncGenerator<CheckpointTuple> {
  let firstCorrupt: CorruptCheckpointError | undefined;
  const reportCorrupt = (error: CorruptCheckpointError) => {
    if (onCorruptRecord !== undefined) onCorruptRecord(error);
    else firstCorrupt ??= error;
  };
  let remaining = query.limit ?? Number.POSITIVE_INFINITY;
  if (remaining <= 0) return;
  const threads =
    query.threadId === undefined ? threadsByRecency(source) : singleThread(query.threadId);
  for await (const threadId of threads) {
    try {
      for await (const tuple of listThread(source, threadId, query, remaining, reportCorrupt)) {
        if (query.checkpointId !== undefined && tuple.checkpoint.id !== query.checkpointId) {
          continue;
        }
        if (query.filter !== undefined && !matchesFilter(tuple.metadata, query.filter)) continue;
        yield tuple;
        remaining -= 1;
        if (remaining <= 0) break;
      }
    } catch (error) {
      if (!CorruptCheckpointError.isInstance(error)) throw error;
      reportCorrupt(error);
    }
    if (remaining <= 0) break;
  }
  if (firstCorrupt !== undefined) throw firstCorrupt;
}

async function* singleThread(threadId: string): AsyncGenerator<string> {
  yield threadId;
}

interface IdBuffer {
  checkpointNs: string;
  ids: string[];
  cursor: string;
  exhausted: boolean;
}

async function* listThread(
  source: ListSource,
  threadId: string,
  query: ListQuery,
  wanted: number,
  reportCorrupt: (error: CorruptCheckpointError) => void,
): AsyncGenerator<CheckpointTuple> {
  // Without a filter, no more than `wanted` ids can be needed.
  const unfiltered = query.filter === undefined && query.checkpointId === undefined;
  const pageSize = unfiltered ? Math.min(source.pageSize, wanted) : source.pageSize;
  const before = query.beforeId ?? "";
  const first = await source.listIds(
    threadId,
    query.checkpointNs === undefined
      ? { allNamespacesBelow: before }
      : { namespaces: [{ checkpointNs: query.checkpointNs, cursor: before }] },
    pageSize,
  );
  const buffers: IdBuffer[] = first.map(({ checkpointNs, ids }) =>
    toBuffer(checkpointNs, ids, "", pageSize),
  );
  for (;;) {
    const page: { checkpointNs: string; checkpointId: string }[] = [];
    while (page.length < pageSize) {
      const empty = buffers.filter((buffer) => buffer.ids.length === 0 && !buffer.exhausted);
      if (empty.length > 0) {
        const refills = await source.listIds(
          threadId,
          { namespaces: empty.map(({ checkpointNs, cursor }) => ({ checkpointNs, cursor })) },
          pageSize,
        );
        for (const [index, refill] of refills.entries()) {
          Object.assign(
            empty[index]!,
            toBuffer(refill.checkpointNs, refill.ids, empty[index]!.cursor, pageSize),
          );
        }
      }
      const newest = newestHead(buffers);
      if (newest === undefined) break;
      page.push({ checkpointNs: newest.checkpointNs, checkpointId: newest.ids.shift()! });
    }
    if (page.length === 0) return;
    for (const tuple of await source.readTuples(threadId, page)) {
      if (tuple instanceof Error) reportCorrupt(tuple);
      else yield tuple;
    }
  }
}

function toBuffer(
  checkpointNs: string,
  ids: string[],
  previousCursor: string,
  pageSize: number,
): IdBuffer {
  return {
    checkpointNs,
    ids,
    cursor: ids.length > 0 ? ids[ids.length - 1]! : previousCursor,
    exhausted: ids.length < pageSize,
  };
}

function newestHead(buffers: readonly IdBuffer[]): IdBuffer | undefined {
  let newest: IdBuffer | undefined;
  for (const buffer of buffers) {
    const head = buffer.ids[0];
    if (head === undefined) continue;
    if (newest === undefined || compareCodePoints(head, newest.ids[0]!) > 0) newest = buffer;
  }
  return newest;
}

/** Redis sorts members by bytes; for UTF-8 that is code point order, not UTF-16 order. */
export function compareCodePoints(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, "utf8"), Buffer.from(right, "utf8"));
}

interface ShardBuffer {
  shard: number;
  threads: [string, number][];
  offset: number;
  exhausted: boolean;
}

/** Threads of all shards merged by last activity, most recent first, each once. */
async function* threadsByRecency(source: ListSource): AsyncGenerator<string> {
  const pageSize = source.pageSize;
  const fill = async (buffer: ShardBuffer) => {
    buffer.threads = await source.threadsOfShard(buffer.shard, buffer.offset, pageSize);
    buffer.offset += buffer.threads.length;
    buffer.exhausted = buffer.threads.length < pageSize;
  };
  const buffers: ShardBuffer[] = source.shards.map((shard) => ({
    shard,
    threads: [],
    offset: 0,
    exhausted: false,
  }));
  await Promise.all(buffers.map(fill));
  const seen = new Set<string>();
  for (;;) {
    await Promise.all(
      buffers.filter((buffer) => buffer.threads.length === 0 && !buffer.exhausted).map(fill),
    );
    let newest: ShardBuffer | undefined;
    for (const buffer of buffers) {
      const head = buffer.threads[0];
      if (head !== undefined && (newest === undefined || head[1] > newest.threads[0]![1])) {
        newest = buffer;
      }
    }
    if (newest === undefined) return;
    const [threadId] = newest.threads.shift()!;
    // Offset paging over a changing index can show a thread twice; list it once.
    if (seen.has(threadId)) continue;
    seen.add(threadId);
    yield threadId;
  }
}

/** Equality on every key of the filter (deep for objects, so `{ a: 1 }` matches `{ a: 1 }`). */
export function matchesFilter(
  metadata: Record<string, unknown> | undefined,
  filter: Record<string, unknown>,
): boolean {
  return Object.entries(filter).every(([key, value]) => isDeepStrictEqual(metadata?.[key], value));
}
