import type { PartitionKey } from "@azure/cosmos";
import { type FencePosition, InvalidConfigError } from "@checkpointkit/core";
import { fenceSortKey, isAfterFence } from "@checkpointkit/core/internal";
import { deletePartition } from "../cosmos-delete-thread.js";
import { executePut } from "../cosmos-put.js";
import { executeLatestPut } from "../cosmos-put-latest.js";
import { type EncodedWritesInput, putEncodedWriteItems } from "../cosmos-put-writes.js";
import type { RequestMeter } from "../cosmos-requests.js";
import type { CosmosSaver } from "../cosmos-saver.js";
import { COSMOS_SAVER_INTERNALS, type CosmosSaverInternals } from "../cosmos-saver-internals.js";
import { type DeleteFence, readDeleteFences, recordDeleteFence } from "./delete-fences.js";
import { expireIdleThreads } from "./idle-thread-expiry.js";
import { InFlightWrites } from "./in-flight-writes.js";
import { type PlannedCheckpoint, planCheckpointRecord, planWritesRecord } from "./record-plans.js";
import type {
  FencedBatch,
  FencedCheckpointRecord,
  FencedWriteResult,
  FencedWritesRecord,
} from "./serialized-records.js";
import { recordThreadActivity } from "./thread-activity.js";

/** Threads written at once; each thread's records go in order. */
const THREAD_CONCURRENCY = 8;

type PlannedRecord =
  | { kind: "writes"; input: EncodedWritesInput }
  | { kind: "checkpoint"; planned: PlannedCheckpoint; partitionKey: PartitionKey };

type FencedRecord =
  | { kind: "checkpoint"; sortKey: string; record: FencedCheckpointRecord }
  | { kind: "writes"; sortKey: string; record: FencedWritesRecord };

/**
 * Writes already-serialized records through a `CosmosSaver` (same items, encoding, deadlines
 * and typed errors as `put`/`putWrites`) and keeps per-thread delete fences, for a cold tier
 * that flushes another store's writes. Records at or before their thread's fence are left out.
 *
 * With the saver's `history: "latest"`, records are written as its `put`/`putWrites` write
 * them: only the newest checkpoint per namespace is kept, each one's batch deletes what it
 * supersedes on the head's condition, and an older record arriving late stores nothing.
 *
 * Cosmos DB transactions cover one partition and the fence must outlive its thread's
 * partition, so a fence cannot be checked inside a record's batch: each thread's fence is
 * read before its records are written and again after; a delete that landed in between is
 * applied again and the records after its fence are written again (all writes idempotent);
 * a write that fails checks the same before it throws, since its retry would not know.
 * Until then the delete's records show again, so `deleteThread` waits for this writer's
 * batches of the thread in flight (a writer in another process is not waited for).
 * Errors: `BackendUnavailableError` (retry), `CheckpointConflictError` (retry),
 * `PayloadTooLargeError` (a record that can never be stored), `InvalidConfigError` and
 * `CorruptCheckpointError` (a record that is not valid as given).
 */
export class CosmosColdWriter {
  readonly #saver: CosmosSaverInternals;
  readonly #inFlight = new InFlightWrites();

  constructor(saver: CosmosSaver) {
    this.#saver = saver[COSMOS_SAVER_INTERNALS]();
    if (this.#saver.tenantId !== undefined) {
      // Thread ids alone name fences and partitions here; tenants would need both.
      throw new InvalidConfigError("the cold writer does not support savers with a tenantId", {
        field: "tenantId",
      });
    }
  }

  /** Stores the records, thread by thread in fence order; replaying a batch changes nothing. */
  writeBatch(batch: FencedBatch): Promise<FencedWriteResult> {
    const byThread = new Map<string, FencedRecord[]>();
    const add = (threadId: string, record: FencedRecord) => {
      const records = byThread.get(threadId) ?? [];
      records.push(record);
      byThread.set(threadId, records);
    };
    for (const record of batch.checkpoints) {
      add(record.threadId, { kind: "checkpoint", sortKey: sortKeyOf(record), record });
    }
    for (const record of batch.writes) {
      add(record.threadId, { kind: "writes", sortKey: sortKeyOf(record), record });
    }
    // Tracked from before its fence read: a delete that lands later waits for it.
    return this.#inFlight.track(byThread.keys(), this.#writeThreads(byThread));
  }

  async #writeThreads(byThread: Map<string, FencedRecord[]>): Promise<FencedWriteResult> {
    const result: FencedWriteResult = { stored: 0, fenced: 0 };
    const meter = this.#saver.operations.perRequestMeter("coldWriteBatch");
    try {
      const fences = await readDeleteFences(this.#saver, [...byThread.keys()], meter);
      const threads = [...byThread.entries()];
      for (let start = 0; start < threads.length; start += THREAD_CONCURRENCY) {
        const outcomes = await Promise.all(
          threads
            .slice(start, start + THREAD_CONCURRENCY)
            .map(([threadId, records]) =>
              this.#writeThread(threadId, records, fences.get(threadId), meter),
            ),
        );
        for (const outcome of outcomes) {
          result.stored += outcome.stored;
          result.fenced += outcome.fenced;
        }
      }
      return result;
    } finally {
      this.#saver.operations.report(meter);
    }
  }

  /**
   * Records the fence, then deletes the thread. Returns false, deleting nothing, when the
   * fence is already at or past `fencePosition` (the delete is replayed: what the thread holds
   * now was written after it). Resolves once this writer's batches of the thread that were
   * in flight have settled too: each one that read the fence before it has deleted again.
   */
  async deleteThread(threadId: string, fencePosition: FencePosition): Promise<boolean> {
    const partition = this.#saver.partition(threadId);
    const applied = await this.#saver.operations.run("coldDeleteThread", async (meter) => {
      if (!(await recordDeleteFence(this.#saver, threadId, fencePosition, meter))) return false;
      await deletePartition(this.#saver.container, partition.partitionKey, meter);
      return true;
    });
    // Outside the delete's deadline: each write keeps its own.
    await this.#inFlight.settled(threadId);
    return applied;
  }

  /**
   * Deletes whole threads with no record newer than `ttlSeconds` (by the records'
   * `createdAt`: the checkpoint's own time, not the flush time), as PostgreSQL's
   * `deleteExpiredThreads` does; resolves with how many. A thread written meanwhile is kept
   * (see `expireIdleThreads`). Threads stored before the writer kept their activity (and
   * copies made by `copyThread`) have none yet, and are not found until written again.
   */
  async expireIdleThreads(ttlSeconds: number): Promise<number> {
    if (!(Number.isInteger(ttlSeconds) && ttlSeconds > 0)) {
      throw new InvalidConfigError(
        `ttlSeconds must be a positive integer, got ${String(ttlSeconds)}`,
        { field: "ttlSeconds" },
      );
    }
    const meter = this.#saver.operations.perRequestMeter("coldDeleteThread");
    try {
      return await expireIdleThreads(this.#saver, ttlSeconds, meter);
    } finally {
      this.#saver.operations.report(meter);
    }
  }

  /** The saver's own `ttlSeconds` (Cosmos native per-item TTL), undefined when unset. */
  get saverTtlSeconds(): number | undefined {
    return this.#saver.ttlSeconds;
  }

  /** The thread's delete fence, undefined when it was never deleted. */
  deleteFence(threadId: string): Promise<FencePosition | undefined> {
    return this.#saver.operations.run("readDeleteFence", async (meter) => {
      const fences = await readDeleteFences(this.#saver, [threadId], meter);
      return fences.get(threadId)?.position;
    });
  }

  async #writeThread(
    threadId: string,
    records: FencedRecord[],
    fenceBefore: DeleteFence | undefined,
    meter: RequestMeter,
  ): Promise<FencedWriteResult> {
    const ordered = [...records].sort((a, b) => (a.sortKey < b.sortKey ? -1 : 1));
    const allowed = ordered.filter((record) => isAfterFence(record.sortKey, fenceBefore?.sortKey));
    // Every record is checked before anything is written: one that can never be stored
    // leaves no trace, not even the thread's activity.
    const plans = new Map<FencedRecord, PlannedRecord>();
    for (const record of allowed) plans.set(record, await this.#plan(record));
    try {
      await this.#writeRecords(threadId, allowed, plans, meter);
    } catch (error) {
      // Some records may have landed after a delete this write's fence read predates; a retry
      // would not know (it reads the new fence), so apply the delete again now if one ran.
      await this.#deleteAgainIfFenced(threadId, fenceBefore, meter).catch(() => {});
      throw error;
    }
    const fenceAfter = await this.#deleteAgainIfFenced(threadId, fenceBefore, meter);
    if (fenceAfter === undefined) {
      return { stored: allowed.length, fenced: records.length - allowed.length };
    }
    // A delete ran while this thread was written: keep only what follows it.
    const after = ordered.filter((record) => isAfterFence(record.sortKey, fenceAfter.sortKey));
    for (const record of after) if (!plans.has(record)) plans.set(record, await this.#plan(record));
    await this.#writeRecords(threadId, after, plans, meter);
    return { stored: after.length, fenced: records.length - after.length };
  }

  /**
   * Re-reads the thread's fence; when a delete moved it since `fenceBefore`, deletes the
   * thread again and returns the new fence, else undefined.
   */
  async #deleteAgainIfFenced(
    threadId: string,
    fenceBefore: DeleteFence | undefined,
    meter: RequestMeter,
  ): Promise<DeleteFence | undefined> {
    const fenceAfter = (await readDeleteFences(this.#saver, [threadId], meter)).get(threadId);
    if (fenceAfter === undefined || fenceAfter.sortKey === fenceBefore?.sortKey) return undefined;
    await deletePartition(
      this.#saver.container,
      this.#saver.partition(threadId).partitionKey,
      meter,
    );
    return fenceAfter;
  }

  /**
   * Records the thread's activity first (an expiry sweep that decided on the older activity
   * then stops before deleting anything written here), then the records in order.
   */
  async #writeRecords(
    threadId: string,
    records: readonly FencedRecord[],
    plans: ReadonlyMap<FencedRecord, PlannedRecord>,
    meter: RequestMeter,
  ): Promise<void> {
    if (records.length === 0) return;
    await recordThreadActivity(this.#saver, threadId, newestCreatedAt(records), meter);
    for (const record of records) {
      const planned = plans.get(record);
      if (planned !== undefined) await this.#execute(planned, meter);
    }
  }

  async #plan(fenced: FencedRecord): Promise<PlannedRecord> {
    if (fenced.kind === "writes") {
      return { kind: "writes", input: planWritesRecord(this.#saver, fenced.record) };
    }
    return {
      kind: "checkpoint",
      planned: await planCheckpointRecord(this.#saver, fenced.record),
      partitionKey: this.#saver.partition(fenced.record.threadId).partitionKey,
    };
  }

  async #execute(planned: PlannedRecord, meter: RequestMeter): Promise<void> {
    if (planned.kind === "writes") {
      if (planned.input.writes.length > 0) {
        await putEncodedWriteItems(this.#saver.container, planned.input, meter);
      }
      return;
    }
    const { plan, hasParent } = planned.planned;
    if (this.#saver.history === "latest") {
      // As a latest-mode put: one batch conditioned on the head stores it and deletes what it
      // supersedes; a record older than the head (a late or replayed flush) stores nothing.
      await executeLatestPut(this.#saver.container, planned.partitionKey, plan, meter);
      return;
    }
    await executePut(this.#saver.container, planned.partitionKey, plan, hasParent, meter);
  }
}

function sortKeyOf(record: { fencePosition: FencePosition }): string {
  return fenceSortKey(record.fencePosition, "fencePosition");
}

/** What a thread's idle time counts from: its newest record's `createdAt` (now if unknown). */
function newestCreatedAt(records: readonly FencedRecord[]): number {
  const now = Date.now();
  let newest = Number.NEGATIVE_INFINITY;
  for (const { record } of records) {
    const createdAtMs = record.createdAt?.getTime() ?? now;
    newest = Math.max(newest, Number.isFinite(createdAtMs) ? createdAtMs : now);
  }
  return newest;
}
