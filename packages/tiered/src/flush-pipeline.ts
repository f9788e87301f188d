import {
  BackendUnavailableError,
  CheckpointConflictError,
  CorruptCheckpointError,
} from "@checkpointkit/core";
import {
  type RedisClient,
  type RedisKeyLayout,
  type RedisOutboxEntry,
  readSerializedRecords,
  type SerializedRecordRead,
} from "@checkpointkit/redis";
import { checkpointRecordFromHot, writesRecordFromHot } from "./cold-records.js";
import type { ColdBatch, ColdCheckpointRecord, ColdTier, ColdWritesRecord } from "./cold-tier.js";
import { entryRef, type OutboxStreams } from "./outbox.js";

/** What a flush needs: the hot tier to read, the cold tier to write, the outbox to ack. */
export interface FlushContext {
  client: RedisClient;
  keyLayout: RedisKeyLayout;
  outbox: OutboxStreams;
  cold: ColdTier;
}

/** An entry that could not be flushed for a reason retrying the cold tier will not fix. */
export interface PoisonEntry {
  entry: RedisOutboxEntry;
  error: unknown;
}

export interface FlushOutcome {
  /** Entries acknowledged (flushed, coalesced away, or no longer in the hot tier). */
  acknowledged: number;
  checkpoints: number;
  writes: number;
  deletes: number;
  /** Left pending: the caller retries them or moves them to the dead-letter stream. */
  poison: PoisonEntry[];
}

/**
 * Errors worth retrying as they are: the backend was unreachable or throttled, or a
 * conditional write lost a race. Anything else is a property of the entry's data.
 */
export function isTransientError(error: unknown): boolean {
  if (BackendUnavailableError.isInstance(error) || CheckpointConflictError.isInstance(error)) {
    return true;
  }
  if (CorruptCheckpointError.isInstance(error)) return false;
  const message = error instanceof Error ? error.message : String(error);
  return /CHECKPOINTKIT_CORRUPT/.test(message) === false && isConnectionError(error);
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^(E[A-Z]+|57P0\d|08\d{3}|53\d{3})$/.test(code)) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /connection|closed|timeout|timed out|LOADING|ECONN|socket|terminat|unavailable/i.test(
    message,
  );
}

/** A thread's entries reduced to what must happen: the last delete, then the records after it. */
interface ThreadPlan {
  threadId: string;
  deleteEntry: RedisOutboxEntry | undefined;
  records: RedisOutboxEntry[];
}

function planThreads(entries: readonly RedisOutboxEntry[]): ThreadPlan[] {
  const plans = new Map<string, ThreadPlan>();
  for (const entry of entries) {
    let plan = plans.get(entry.threadId);
    if (plan === undefined) {
      plan = { threadId: entry.threadId, deleteEntry: undefined, records: [] };
      plans.set(entry.threadId, plan);
    }
    if (entry.kind === "delete") {
      // Everything before a delete would be deleted right after being written.
      plan.deleteEntry = entry;
      plan.records = [];
    } else if (entry.kind === "put" || entry.kind === "writes") {
      plan.records.push(entry);
    }
    // `copy` entries are not produced by the tiered saver (it has no copyThread); they are
    // acknowledged without effect.
  }
  for (const plan of plans.values()) plan.records = latestPerTarget(plan.records);
  return [...plans.values()];
}

/** One read per checkpoint or task: the hot tier holds only the current state anyway. */
function latestPerTarget(records: readonly RedisOutboxEntry[]): RedisOutboxEntry[] {
  const byTarget = new Map<string, RedisOutboxEntry>();
  for (const entry of records) {
    const target = JSON.stringify([
      entry.kind,
      entry.checkpointNs,
      entry.checkpointId,
      entry.taskId,
    ]);
    byTarget.delete(target);
    byTarget.set(target, entry);
  }
  return [...byTarget.values()];
}

interface BuiltRecord {
  entry: RedisOutboxEntry;
  checkpoint?: ColdCheckpointRecord;
  writes?: ColdWritesRecord;
}

function buildRecord(entry: RedisOutboxEntry, read: SerializedRecordRead): BuiltRecord {
  const address = {
    threadId: entry.threadId,
    checkpointNs: entry.checkpointNs,
    checkpointId: entry.checkpointId,
    entryId: entry.entryId,
  };
  if (read.kind === "checkpoint") {
    return {
      entry,
      checkpoint: checkpointRecordFromHot(address, read.record, read.values),
    };
  }
  if (read.kind === "writes") {
    return {
      entry,
      writes: writesRecordFromHot({ ...address, taskId: entry.taskId }, read.writes),
    };
  }
  throw read.error;
}

function batchOf(records: readonly BuiltRecord[]): ColdBatch {
  return {
    checkpoints: records.flatMap((record) => (record.checkpoint ? [record.checkpoint] : [])),
    writes: records.flatMap((record) => (record.writes ? [record.writes] : [])),
  };
}

/**
 * Flushes outbox entries: reads what they name from Redis (one script per thread), applies
 * deletes, writes the records to the cold tier in one batch, then acknowledges and deletes
 * the entries. Throws on a transient failure (nothing acknowledged; the caller retries the
 * same entries). An entry whose data the cold tier rejects is isolated and reported as
 * poison, not acknowledged; the others are acknowledged.
 */
export async function flushEntries(
  context: FlushContext,
  entries: readonly RedisOutboxEntry[],
): Promise<FlushOutcome> {
  const plans = planThreads(entries);
  const poison: PoisonEntry[] = [];
  const built: BuiltRecord[] = [];
  await Promise.all(
    plans.map(async (plan) => {
      if (plan.records.length === 0) return;
      let reads: (SerializedRecordRead | undefined)[];
      try {
        reads = await readSerializedRecords(
          context.client,
          context.keyLayout,
          plan.threadId,
          plan.records,
        );
      } catch (error) {
        if (isTransientError(error)) throw error;
        for (const entry of plan.records) poison.push({ entry, error });
        return;
      }
      plan.records.forEach((entry, index) => {
        const read = reads[index];
        if (read === undefined) return;
        try {
          built.push(buildRecord(entry, read));
        } catch (error) {
          poison.push({ entry, error });
        }
      });
    }),
  );
  const deletes = plans.filter((plan) => plan.deleteEntry !== undefined);
  for (const plan of deletes) {
    await context.cold.deleteThread(plan.threadId, plan.deleteEntry!.entryId);
  }
  try {
    if (built.length > 0) await context.cold.writeBatch(batchOf(built));
  } catch (error) {
    if (isTransientError(error)) throw error;
    // Isolate the records the cold tier rejects; the rest still go through.
    for (const record of built) {
      try {
        await context.cold.writeBatch(batchOf([record]));
      } catch (recordError) {
        if (isTransientError(recordError)) throw recordError;
        poison.push({ entry: record.entry, error: recordError });
      }
    }
  }
  const poisoned = new Set(poison.map(({ entry }) => entryRef(entry)));
  const acknowledged = entries.filter((entry) => !poisoned.has(entryRef(entry)));
  await acknowledge(context.outbox, context.keyLayout, acknowledged);
  const stored = built.filter((record) => !poisoned.has(entryRef(record.entry)));
  return {
    acknowledged: acknowledged.length,
    checkpoints: stored.filter((record) => record.checkpoint !== undefined).length,
    writes: stored.filter((record) => record.writes !== undefined).length,
    deletes: deletes.length,
    poison,
  };
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
