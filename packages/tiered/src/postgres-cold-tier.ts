import { BackendUnavailableError, CheckpointKitError, encodeKeyPart } from "@checkpointkit/core";
import type { PostgresSaver } from "@checkpointkit/postgres";
import type pg from "pg";
import type { ColdBatch } from "./cold-tier.js";
import { parseEntryId } from "./entry-id.js";
import { SaverBackedColdTier } from "./saver-backed-cold-tier.js";

/** First key of the advisory locks that order flushes of a thread against its deletion. */
const FENCE_LOCK_CLASS = 0x434b5446;
/** Connections the fence locks may hold at once (a pool of their own: see the constructor). */
const FENCE_LOCK_CONNECTIONS = 2;
const FENCE_TABLE = "tiered_delete_fences";

export interface PostgresColdTierOptions {
  /** The saver the cold tier writes through (`putMany`) and reads through. Never closed here. */
  saver: PostgresSaver;
}

/**
 * The cold tier on PostgreSQL: batches go through `PostgresSaver.putMany` (one statement,
 * idempotent). Deletes are fenced: `deleteThread` takes an exclusive advisory lock on the
 * thread and records the delete's outbox id; a flush takes the shared lock, reads the fences
 * and leaves out every record at or before its thread's fence, so a flush racing a delete
 * either finishes before it (and is deleted) or starts after it (and is dropped). The locks
 * live on connections of a small pool of their own, so waiting for a lock never holds a
 * connection the statements need.
 */
export class PostgresColdTier extends SaverBackedColdTier<PostgresSaver> {
  readonly backend = "postgres" as const;
  #lockPool: pg.Pool | undefined;
  readonly #fenceTable: string;

  constructor(options: PostgresColdTierOptions) {
    super(options.saver);
    this.#fenceTable = this.saver.schema.qualify(FENCE_TABLE);
  }

  async setup(): Promise<void> {
    await this.saver.setup();
    await this.#withLockConnection("setup", async (client) => {
      await client.query("BEGIN");
      try {
        await client.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [
          FENCE_LOCK_CLASS,
          this.#fenceTable,
        ]);
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${this.#fenceTable} (
            thread_key text PRIMARY KEY,
            fence_ms bigint NOT NULL,
            fence_seq numeric(20) NOT NULL,
            deleted_at timestamptz NOT NULL DEFAULT now())`,
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      }
    });
  }

  async writeBatch(batch: ColdBatch): Promise<void> {
    const threads = [
      ...new Set([...batch.checkpoints, ...batch.writes].map((record) => record.threadId)),
    ];
    if (threads.length === 0) return;
    const keys = threads.map(encodeKeyPart).sort();
    await this.#withLockConnection("flush", async (client) => {
      await client.query(
        "SELECT pg_advisory_lock_shared($1, hashtext(t)) FROM unnest($2::text[]) AS t",
        [FENCE_LOCK_CLASS, keys],
      );
      const fences = await this.#readFences(client, keys);
      const allowed = (record: { threadId: string; entryId: string }) => {
        const fence = fences.get(encodeKeyPart(record.threadId));
        return fence === undefined || isAfter(record.entryId, fence);
      };
      const checkpoints = batch.checkpoints.filter(allowed);
      const writes = batch.writes.filter(allowed);
      if (checkpoints.length + writes.length > 0) {
        await this.saver.putMany({ checkpoints, writes });
      }
    });
  }

  async deleteThread(threadId: string, fenceEntryId: string): Promise<void> {
    const key = encodeKeyPart(threadId);
    const { ms, seq } = parseEntryId(fenceEntryId);
    await this.#withLockConnection("deleteThread", async (client) => {
      await client.query("SELECT pg_advisory_lock($1, hashtext($2))", [FENCE_LOCK_CLASS, key]);
      const moved = await client.query(
        `INSERT INTO ${this.#fenceTable} AS f (thread_key, fence_ms, fence_seq)
         VALUES ($1, $2, $3)
         ON CONFLICT (thread_key) DO UPDATE
           SET fence_ms = EXCLUDED.fence_ms, fence_seq = EXCLUDED.fence_seq, deleted_at = now()
           WHERE (f.fence_ms, f.fence_seq) < (EXCLUDED.fence_ms, EXCLUDED.fence_seq)`,
        [key, ms.toString(), seq.toString()],
      );
      // A fence already at or past this one: this delete was applied (the flusher replays
      // the delete's outbox entry), and what the thread holds now was written after it.
      if (moved.rowCount === 0) return;
      await this.saver.deleteThread(threadId);
    });
  }

  async close(): Promise<void> {
    const pool = this.#lockPool;
    this.#lockPool = undefined;
    await pool?.end();
  }

  /** A pool like the saver's (same settings, same `pg`), small, and not keeping the process alive. */
  #locks(): pg.Pool {
    if (this.#lockPool === undefined) {
      const Pool = this.saver.pool.constructor as typeof pg.Pool;
      this.#lockPool = new Pool({
        ...this.saver.pool.options,
        max: FENCE_LOCK_CONNECTIONS,
        allowExitOnIdle: true,
      });
      // Idle lock connections whose server went away must not crash the process.
      this.#lockPool.on("error", () => {});
    }
    return this.#lockPool;
  }

  async #readFences(client: pg.PoolClient, keys: string[]): Promise<Map<string, string>> {
    const result = await client.query<{ thread_key: string; fence_ms: string; fence_seq: string }>(
      `SELECT thread_key, fence_ms::text AS fence_ms, fence_seq::text AS fence_seq
       FROM ${this.#fenceTable} WHERE thread_key = ANY($1::text[])`,
      [keys],
    );
    return new Map(result.rows.map((row) => [row.thread_key, `${row.fence_ms}-${row.fence_seq}`]));
  }

  async #withLockConnection<T>(
    operation: string,
    use: (client: pg.PoolClient) => Promise<T>,
  ): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.#locks().connect();
    } catch (error) {
      throw new BackendUnavailableError(`PostgreSQL unreachable during ${operation}`, {
        backend: "postgres",
        cause: error,
      });
    }
    let broken: Error | undefined;
    try {
      return await use(client);
    } catch (error) {
      if (CheckpointKitError.isInstance(error) || !isConnectionFailure(error)) throw error;
      throw new BackendUnavailableError(`PostgreSQL failed during ${operation}`, {
        backend: "postgres",
        cause: error,
      });
    } finally {
      try {
        await client.query("SELECT pg_advisory_unlock_all()");
      } catch (error) {
        // The connection may still hold locks: discarding it ends its session and them.
        broken = error instanceof Error ? error : new Error(String(error));
      }
      client.release(broken);
    }
  }
}

function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^(E[A-Z]+|08...|57P0.|53300)$/.test(code)) return true;
  return /terminated|not queryable|timeout|ECONN/i.test(
    error instanceof Error ? error.message : "",
  );
}

function isAfter(entryId: string, fenceEntryId: string): boolean {
  const entry = parseEntryId(entryId);
  const fence = parseEntryId(fenceEntryId);
  return entry.ms > fence.ms || (entry.ms === fence.ms && entry.seq > fence.seq);
}
