import { createHash } from "node:crypto";
import { type FencePosition, PayloadTooLargeError } from "@checkpointkit/core";
import { fenceSortKey, isAfterFence, parseFencePosition } from "@checkpointkit/core/internal";
import type pg from "pg";
import { deleteThreadsIdleFor } from "../postgres-retention.js";
import type { PostgresSaver } from "../postgres-saver.js";
import { buildPutManyBatch } from "../put-many-batch.js";
import { buildDeleteThreadsStatement } from "../sql/thread-statements.js";
import { buildWriteBatchStatement } from "../sql/write-statements.js";
import { toStoredText } from "../stored-text.js";
import { type ColdQuery, inColdTransaction } from "./cold-transaction.js";
import { fenceThreadKey, lockThreadExclusive, lockThreadsShared } from "./fence-locks.js";
import { FenceTable } from "./fence-table.js";
import type { FencedBatch, FencedWriteResult } from "./fenced-records.js";
import { latestHistoryStatements } from "./latest-history-statements.js";
import { allAfterFences } from "./one-statement-fence.js";

/**
 * Most bytes of serialized values one fenced write sends. PostgreSQL refuses a message or a
 * value past 1 GiB by dropping the connection, which looks like an outage and would be
 * retried forever; a batch past this bound is refused up front instead, so the caller can
 * split it (or give up on a single record that big).
 */
export const MAX_FENCED_BATCH_BYTES = 256 * 1024 * 1024;

/**
 * The write path of a write-behind tier on top of a `PostgresSaver` (same pool, schema and
 * serde): batches of already-serialized records, fenced against thread deletes. A fenced
 * write checks the fences and inserts in ONE transaction on ONE connection, holding a
 * transaction-scoped shared advisory lock per thread; a fenced delete takes the exclusive
 * lock, moves the fence and deletes. So a write racing a delete either commits before it
 * (and is deleted) or reads the new fence (and leaves out every record at or before it).
 * A saver with `history: "latest"` keeps its mode here too: each checkpoint trims what it
 * supersedes, and one older than the stored newest is left out.
 */
export class PostgresColdWriter {
  readonly #saver: PostgresSaver;
  readonly #fences: FenceTable;

  constructor(saver: PostgresSaver) {
    this.#saver = saver;
    this.#fences = new FenceTable(saver.schema);
  }

  /** The saver's migrations, then the fence table. Idempotent, safe from many processes. */
  async setup(): Promise<void> {
    await this.#saver.setup();
    await inColdTransaction(this.#saver, "cold setup", (query) => this.#fences.create(query));
  }

  /**
   * Stores the records not fenced off, in one transaction. Idempotent (see `putMany`).
   * Rejects with `PayloadTooLargeError` (nothing written) when the values add up to more than
   * `MAX_FENCED_BATCH_BYTES`, with `BackendUnavailableError` when PostgreSQL is unreachable or
   * the connection dropped (nothing committed), with `CorruptCheckpointError` when a record's
   * checkpoint or metadata cannot be decoded.
   */
  async writeBatch(batch: FencedBatch): Promise<FencedWriteResult> {
    const records = [...batch.checkpoints, ...batch.writes];
    if (records.length === 0) return { stored: 0, fenced: 0 };
    const sizeBytes = batchBytes(batch);
    if (sizeBytes > MAX_FENCED_BATCH_BYTES) {
      throw new PayloadTooLargeError(
        `a fenced batch of ${records.length} records holds ${sizeBytes} bytes, more than ${MAX_FENCED_BATCH_BYTES}`,
        { sizeBytes, limitBytes: MAX_FENCED_BATCH_BYTES },
      );
    }
    if (this.#saver.history === "full" && (await this.#writeInOneStatement(batch))) {
      return { stored: records.length, fenced: 0 };
    }
    const positions = new Map(
      records.map((record) => [record, fenceSortKey(record.fencePosition, "fencePosition")]),
    );
    const keys = [...new Set(records.map((record) => fenceThreadKey(record.threadId)))];
    return inColdTransaction(this.#saver, "fenced putMany", async (query) => {
      await lockThreadsShared(query, keys);
      const fences = await this.#fences.read(query, keys);
      const allowed = <
        R extends FencedBatch["checkpoints"][number] | FencedBatch["writes"][number],
      >(
        record: R,
      ) => {
        const fence = fences.get(fenceThreadKey(record.threadId));
        const fenceKey = fence === undefined ? undefined : fenceSortKey(fence, "fence");
        return isAfterFence(positions.get(record)!, fenceKey);
      };
      const checkpoints = batch.checkpoints.filter(allowed);
      const writes = batch.writes.filter(allowed);
      const stored = checkpoints.length + writes.length;
      if (stored > 0) await this.#insert(query, checkpoints, writes);
      return { stored, fenced: records.length - stored };
    });
  }

  /**
   * Deletes the thread and moves its fence to `fencePosition`, in one transaction. Does
   * nothing when the fence already is there or past it (the delete is being replayed: the
   * thread may hold newer records by now). Resolves true when it deleted.
   */
  async deleteThread(threadId: string, fencePosition: FencePosition): Promise<boolean> {
    const { ms, seq } = parseFencePosition(fencePosition, "fencePosition");
    const key = fenceThreadKey(threadId);
    return inColdTransaction(this.#saver, "fenced deleteThread", async (query) => {
      await lockThreadExclusive(query, key);
      if (!(await this.#fences.advance(query, key, ms, seq))) return false;
      const statement = buildDeleteThreadsStatement(this.#saver.schema, [toStoredText(threadId)]);
      await query({ text: statement.text, values: statement.values });
      return true;
    });
  }

  /** The thread's delete fence, or undefined when it was never deleted. */
  async deleteFence(threadId: string): Promise<FencePosition | undefined> {
    const key = fenceThreadKey(threadId);
    return inColdTransaction(this.#saver, "read delete fence", async (query) => {
      const fences = await this.#fences.read(query, [key]);
      return fences.get(key);
    });
  }

  /**
   * Deletes whole threads with no checkpoint or write newer than `ttlSeconds` (by `created_at`),
   * as the saver's `deleteExpiredThreads` does with its own `ttlSeconds`: here the TTL is the
   * write-behind tier's (one option for both of its tiers). Resolves with the threads deleted.
   */
  deleteExpiredThreads(ttlSeconds: number): Promise<number> {
    return deleteThreadsIdleFor(this.#saver, ttlSeconds);
  }

  /**
   * The usual fenced write: ONE statement (one round trip) that takes the threads' shared
   * locks, reads their fences and stores the whole batch, or nothing when a record is at or
   * before its thread's fence (the thread was deleted since: then false, and `writeBatch`
   * takes the transaction path that leaves the fenced records out). Run by the saver's
   * statement runner: prepared once per connection, within the saver's deadlines, retried once
   * on a dropped connection (safe: the check runs again and every insert is idempotent).
   * Also false when `setup()` has not created the function yet (a schema set up by an
   * earlier version): the transaction path needs no function.
   */
  async #writeInOneStatement(batch: FencedBatch): Promise<boolean> {
    const rows = await buildPutManyBatch(this.#saver.serde, batch);
    const statement = buildWriteBatchStatement(this.#saver.schema, {
      ...rows,
      precondition: allAfterFences(batch, this.#fences.lockedFences),
    });
    if (statement === undefined) return true;
    try {
      const [verdict] = await this.#saver.runner.run<{ passed: boolean }>(
        "fenced putMany",
        statement,
      );
      return verdict?.passed === true;
    } catch (error) {
      if (isMissingFunction(error)) return false;
      throw error;
    }
  }

  async #insert(
    query: ColdQuery,
    checkpoints: FencedBatch["checkpoints"],
    writes: FencedBatch["writes"],
  ): Promise<void> {
    if (this.#saver.history === "latest") {
      const { serde, schema } = this.#saver;
      for (const statement of await latestHistoryStatements(serde, schema, {
        checkpoints,
        writes,
      })) {
        await query(preparedQuery(statement));
      }
      return;
    }
    const rows = await buildPutManyBatch(this.#saver.serde, { checkpoints, writes });
    const statement = buildWriteBatchStatement(this.#saver.schema, rows);
    if (statement !== undefined) await query(preparedQuery(statement));
  }
}

/**
 * A named (prepared) query: the batch statement's text depends only on which kinds of rows
 * it holds, so each connection parses and plans it once instead of once per batch.
 */
function preparedQuery(statement: { text: string; values: unknown[] }): pg.QueryConfig {
  const digest = createHash("sha1").update(statement.text).digest("hex").slice(0, 24);
  return { name: `ck_cold_${digest}`, text: statement.text, values: statement.values };
}

/** The server has no such function (SQLSTATE 42883), in the error or its cause. */
function isMissingFunction(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if ((current as { code?: unknown }).code === "42883") return true;
  }
  return false;
}

function batchBytes(batch: FencedBatch): number {
  let total = 0;
  for (const record of batch.checkpoints) {
    total += record.checkpoint.bytes.byteLength + record.metadata.bytes.byteLength;
    for (const channel of record.channelValues) total += channel.value?.bytes.byteLength ?? 0;
  }
  for (const record of batch.writes) {
    for (const write of record.writes) total += write.value.bytes.byteLength;
  }
  return total;
}
