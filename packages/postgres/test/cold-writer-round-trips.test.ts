import type pg from "pg";
import { FENCE_LOCK_CLASS, fenceThreadKey } from "../src/cold-write/fence-locks.js";
import { type FencedBatch, PostgresColdWriter } from "../src/internal.js";
import { serializeCheckpointRecord, serializeWritesRecord } from "../src/record-serialization.js";
import { collect, loopMetadata, makeCheckpoint, threadConfig } from "./support/fixtures.js";
import { roundTripsOf } from "./support/round-trips.js";
import { createSchemaSaver, type SchemaSaver } from "./support/test-database.js";

/**
 * The cold writer's batch is ONE round trip (locks, fence check and inserts in one
 * statement), and keeps the fencing of the transaction it replaced: a batch that waited for
 * a delete sees that delete's fence, a batch with records at or before a fence stores only
 * the others.
 */
describe("PostgresColdWriter round trips", () => {
  let context: SchemaSaver;
  let writer: PostgresColdWriter;

  beforeAll(async () => {
    context = await createSchemaSaver();
    writer = new PostgresColdWriter(context.saver);
    await writer.setup();
  });

  afterAll(async () => {
    await context.dispose();
  });

  const roundTrips = (action: () => Promise<unknown>) => roundTripsOf(context, action);

  /** One thread's checkpoint at `ms-0` and a write to it at `ms-1`, as the flusher ships them. */
  async function threadBatch(threadId: string, ms: number): Promise<FencedBatch> {
    const checkpoint = makeCheckpoint({ counter: ms, note: `from ${threadId}` });
    const record = await serializeCheckpointRecord(
      context.saver.serde,
      { threadId, checkpointNs: "", parentCheckpointId: undefined },
      checkpoint,
      loopMetadata(1),
      checkpoint.channel_versions,
    );
    const writes = await serializeWritesRecord(
      context.saver.serde,
      { threadId, checkpointNs: "", checkpointId: checkpoint.id },
      [["counter", ms + 1]],
      "task-1",
      "",
    );
    return {
      checkpoints: [{ ...record, fencePosition: `${ms}-0` }],
      writes: [{ ...writes, fencePosition: `${ms}-1` }],
    };
  }

  function merged(...batches: FencedBatch[]): FencedBatch {
    return {
      checkpoints: batches.flatMap((batch) => batch.checkpoints),
      writes: batches.flatMap((batch) => batch.writes),
    };
  }

  async function storedIds(threadId: string): Promise<string[]> {
    const tuples = await collect(context.saver.list(threadConfig(threadId)));
    return tuples.map((tuple) => tuple.checkpoint.id);
  }

  /** A connection in a transaction holding the thread's exclusive fence lock, as a delete takes it. */
  async function holdFenceLock(threadId: string): Promise<pg.PoolClient> {
    const holder = await context.pool.connect();
    await holder.query("BEGIN");
    await holder.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [
      FENCE_LOCK_CLASS,
      fenceThreadKey(threadId),
    ]);
    return holder;
  }

  /** Server process ids of the statements waiting for a fence lock (a cold batch waiting). */
  async function fenceLockWaiters(): Promise<number[]> {
    const waiting = await context.pool.query<{ pid: number }>(
      `SELECT pid FROM pg_locks
       WHERE locktype = 'advisory' AND classid::bigint = $1 AND NOT granted`,
      [FENCE_LOCK_CLASS],
    );
    return waiting.rows.map((row) => row.pid);
  }

  async function untilFenceLockWaiter(except: number[] = []): Promise<number> {
    for (;;) {
      const waiter = (await fenceLockWaiters()).find((pid) => !except.includes(pid));
      if (waiter !== undefined) return waiter;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it("stores a batch of two threads' checkpoints and writes in one round trip", async () => {
    const batch = merged(await threadBatch("rt-a", 1000), await threadBatch("rt-b", 1000));
    let result: Awaited<ReturnType<PostgresColdWriter["writeBatch"]>> | undefined;
    expect(await roundTrips(async () => (result = await writer.writeBatch(batch)))).toBe(1);
    expect(result).toEqual({ stored: 4, fenced: 0 });
    const tuple = await context.saver.getTuple(threadConfig("rt-a"));
    expect(tuple?.checkpoint.channel_values).toEqual({ counter: 1000, note: "from rt-a" });
    expect(tuple?.pendingWrites).toEqual([["task-1", "counter", 1001]]);

    // A replay (the flusher died before acknowledging) is one round trip too, and idempotent.
    expect(await roundTrips(() => writer.writeBatch(batch))).toBe(1);
    expect(await storedIds("rt-a")).toEqual([batch.checkpoints[0]?.checkpointId]);
    expect((await context.saver.getTuple(threadConfig("rt-a")))?.pendingWrites).toHaveLength(1);
  });

  it("leaves out the records at or before a thread's fence and stores the rest", async () => {
    const old = await threadBatch("rt-fenced", 2000);
    await writer.writeBatch(old);
    expect(await writer.deleteThread("rt-fenced", "2000-0")).toBe(true);
    const newer = await threadBatch("rt-fenced", 3000);
    const other = await threadBatch("rt-unfenced", 2000);
    // The stale flusher's batch (old records) mixed with newer ones and another thread's.
    const result = await writer.writeBatch(merged(old, newer, other));
    // The write at 2000-1 is past the fence; its checkpoint was deleted, so it is harmless.
    expect(result).toEqual({ stored: 5, fenced: 1 });
    expect(await storedIds("rt-fenced")).toEqual([newer.checkpoints[0]?.checkpointId]);
    expect(await storedIds("rt-unfenced")).toEqual([other.checkpoints[0]?.checkpointId]);
  });

  it("a batch that waited for a delete in flight sees that delete's fence", async () => {
    const threadId = "rt-waited";
    const key = fenceThreadKey(threadId);
    const batch = await threadBatch(threadId, 4000);
    // A delete as deleteThread runs it, held open: exclusive lock, then the fence moves.
    const deleter = await holdFenceLock(threadId);
    try {
      await deleter.query(
        `INSERT INTO ${context.saver.schema.qualify("tiered_delete_fences")}
           (thread_key, fence_ms, fence_seq) VALUES ($1, 5000, 0)`,
        [key],
      );
      const written = writer.writeBatch(batch);
      // The batch's statement is waiting for the thread's lock before the delete commits.
      await untilFenceLockWaiter();
      await deleter.query("COMMIT");
      expect(await written).toEqual({ stored: 0, fenced: 2 });
    } finally {
      deleter.release();
    }
    expect(await storedIds(threadId)).toEqual([]);
  });

  it("a batch whose connection is dropped mid-statement is retried once and stored once", async () => {
    const threadId = "rt-dropped";
    const batch = await threadBatch(threadId, 7000);
    // Holds the thread's lock as a delete would, so the batch's statement is in flight.
    const holder = await holdFenceLock(threadId);
    try {
      const written = writer.writeBatch(batch);
      const first = await untilFenceLockWaiter();
      await context.pool.query("SELECT pg_terminate_backend($1)", [first]);
      // The retry, on a fresh connection, waits for the same lock (a batch that gave up instead
      // fails the test here with its error).
      await Promise.race([untilFenceLockWaiter([first]), written]);
      await holder.query("ROLLBACK");
      expect(await written).toEqual({ stored: 2, fenced: 0 });
    } finally {
      holder.release();
    }
    expect(await storedIds(threadId)).toEqual([batch.checkpoints[0]?.checkpointId]);
    expect((await context.saver.getTuple(threadConfig(threadId)))?.pendingWrites).toHaveLength(1);
  });

  it("still writes when the schema was set up before the one-statement function existed", async () => {
    const own = await createSchemaSaver();
    try {
      const ownWriter = new PostgresColdWriter(own.saver);
      await ownWriter.setup();
      await own.pool.query(
        `DROP FUNCTION ${own.saver.schema.qualify("ck_cold_locked_fences")}(text[])`,
      );
      const batch = await threadBatch("rt-old-schema", 6000);
      expect(await ownWriter.writeBatch(batch)).toEqual({ stored: 2, fenced: 0 });
      const listed = await collect(own.saver.list(threadConfig("rt-old-schema")));
      expect(listed.map((tuple) => tuple.checkpoint.id)).toEqual([
        batch.checkpoints[0]?.checkpointId,
      ]);
    } finally {
      await own.dispose();
    }
  });
});
