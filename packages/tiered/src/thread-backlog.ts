import type { RedisKeyLayout, RedisOutboxEntry } from "@checkpointkit/redis";
import { compareEntryIds } from "./entry-id.js";
import { entryRef, type OutboxStreams } from "./outbox.js";

/** Most outbox entries of the shard a durable put looks through for its thread's backlog. */
const BACKLOG_SCAN_ENTRIES = 200;

/**
 * What a durable `put` flushes when the saver has no flusher of its own running: its own
 * entry together with the thread's entries still in the shard's outbox before it (one more
 * round trip), so the whole chain goes to the cold tier in one batch (each child shipping
 * only its new values) instead of the put's record alone, self-contained, with the flusher
 * shipping its ancestors again later. The oldest entries of the shard are looked at (up to
 * 200): ancestors further back are left to the flusher. A delete or copy of the thread among them, or a failed read, leaves the put's
 * entry alone (applying those is the flusher's and `deleteThread`'s job).
 *
 * With the saver's own flusher running, a durable put ships its own record alone (whole,
 * unless the flusher just committed its parent): the flusher has most likely read the same
 * backlog already (it lingers `lingerMs` after the first write of a run, then reads), so
 * taking it along wrote it twice, and it doubled the write-through's cold statement and Redis
 * reads on the caller's path. The older records reach the cold tier by the flusher's
 * at-least-once delivery, as any write-behind record does.
 */
export async function withThreadBacklog(
  outbox: OutboxStreams,
  keyLayout: RedisKeyLayout,
  entry: RedisOutboxEntry,
): Promise<RedisOutboxEntry[]> {
  const shard = keyLayout.shardOf(entry.threadId);
  let earlier: RedisOutboxEntry[];
  try {
    ({ entries: earlier } = await outbox.readUpTo(shard, entry.entryId, BACKLOG_SCAN_ENTRIES));
  } catch {
    return [entry];
  }
  const own = earlier.filter(
    (candidate) => candidate.threadId === entry.threadId && entryRef(candidate) !== entryRef(entry),
  );
  if (own.some((candidate) => candidate.kind !== "put" && candidate.kind !== "writes")) {
    return [entry];
  }
  return [...own, entry].sort((a, b) => compareEntryIds(a.entryId, b.entryId));
}
