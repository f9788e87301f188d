import type { RedisKeyLayout, RedisOutboxEntry } from "@checkpointkit/redis";
import { writeRecords } from "./cold-batch-writer.js";
import type { ColdTier } from "./cold-tier.js";
import { compareEntryIds } from "./entry-id.js";
import { missingDataError } from "./flush-errors.js";
import { planThreads } from "./flush-plan.js";
import { readRecords } from "./flush-records.js";
import type { HotRedis } from "./hot-redis.js";
import { entryRef, type OutboxStreams } from "./outbox.js";
import type { ShippedHeads } from "./shipped-heads.js";

/**
 * What a flush needs: the hot tier to read, the cold tier to write, the outbox to ack, and
 * what this process already shipped. One per `TieredSaver` (its in-process flusher and its
 * durable writes share it) or per stand-alone `Flusher`.
 */
export interface FlushContext {
  /** The hot tier's client, every call mapped to typed errors. */
  redis: HotRedis;
  keyLayout: RedisKeyLayout;
  outbox: OutboxStreams;
  cold: ColdTier;
  shippedHeads: ShippedHeads;
  /** Most bytes of values one cold batch carries (a bigger record goes alone). */
  maxBatchBytes: number;
}

/** An entry that could not be flushed for a reason retrying the same batch will not fix. */
export interface PoisonEntry {
  entry: RedisOutboxEntry;
  error: unknown;
}

export interface FlushOutcome {
  /** Entries acknowledged (flushed, coalesced away, or deleted with their thread). */
  acknowledged: number;
  checkpoints: number;
  writes: number;
  deletes: number;
  /** Left pending: the caller retries them or moves them to the dead-letter stream. */
  poison: PoisonEntry[];
}

/**
 * Flushes outbox entries: reads what they name from Redis (one script per thread), applies
 * deletes, writes the records to the cold tier in byte-bounded batches, then acknowledges
 * and deletes the entries. Throws a typed error on an outage (nothing acknowledged; the
 * caller retries the same entries). Records the cold tier refuses, and entries whose data
 * vanished from Redis without a delete to explain it, are reported as poison, not
 * acknowledged; the others are acknowledged. `mayBeMissing`: entries made up by the caller
 * (not read from the outbox) whose data may well not be in Redis yet.
 */
export async function flushEntries(
  context: FlushContext,
  entries: readonly RedisOutboxEntry[],
  options: { mayBeMissing?: ReadonlySet<RedisOutboxEntry> } = {},
): Promise<FlushOutcome> {
  const plans = planThreads(entries);
  const read = await readRecords(context, plans);
  const poison = [...read.poison];
  for (const entry of read.missing) {
    if (options.mayBeMissing?.has(entry)) continue;
    if (!(await deletedSince(context.cold, entry))) {
      poison.push({ entry, error: missingDataError(entry) });
    }
  }
  const deletes = plans.filter((plan) => plan.deleteEntry !== undefined);
  for (const plan of deletes) {
    context.shippedHeads.forgetThread(plan.threadId);
    await context.cold.deleteThread(plan.threadId, plan.deleteEntry!.entryId);
  }
  const written = await writeRecords(context.cold, read.records, context);
  poison.push(...written.poison);
  // A thread with a record not written: its later records ship whole (see `ShippedHeads`).
  for (const { entry } of poison) context.shippedHeads.forgetThread(entry.threadId);
  const poisoned = new Set(poison.map(({ entry }) => entryRef(entry)));
  const acknowledged = entries.filter((entry) => !poisoned.has(entryRef(entry)));
  await acknowledge(context.outbox, context.keyLayout, acknowledged);
  return {
    acknowledged: acknowledged.length,
    checkpoints: written.stored.filter((record) => record.checkpoint !== undefined).length,
    writes: written.stored.filter((record) => record.writes !== undefined).length,
    deletes: deletes.length,
    poison,
  };
}

/**
 * True when a delete of the entry's thread at or after the entry explains why Redis no
 * longer holds its data. A cold tier that keeps no fences cannot tell: the entry is then
 * acknowledged, as deleted.
 */
async function deletedSince(cold: ColdTier, entry: RedisOutboxEntry): Promise<boolean> {
  if (cold.deleteFence === undefined) return true;
  const fence = await cold.deleteFence(entry.threadId);
  return fence !== undefined && compareEntryIds(entry.entryId, fence) <= 0;
}

async function acknowledge(
  outbox: OutboxStreams,
  keyLayout: RedisKeyLayout,
  entries: readonly RedisOutboxEntry[],
): Promise<void> {
  const byShard = new Map<number, string[]>();
  for (const entry of entries) {
    const shard = keyLayout.shardOf(entry.threadId);
    const ids = byShard.get(shard) ?? [];
    ids.push(entry.entryId);
    byShard.set(shard, ids);
  }
  await Promise.all([...byShard].map(([shard, entryIds]) => outbox.ackAndDelete(shard, entryIds)));
}
