import type pg from "pg";
import { toSaverError } from "../backend-errors.js";
import { PooledConnection } from "../pooled-connection.js";
import type { PostgresSaver } from "../postgres-saver.js";

/** One statement of a cold transaction, bounded by the saver's `queryTimeoutMs`. */
export type ColdQuery = <Row extends pg.QueryResultRow = pg.QueryResultRow>(
  query: pg.QueryConfig,
) => Promise<pg.QueryResult<Row>>;

/**
 * Runs `work` in ONE transaction on ONE connection checked out of the saver's pool, within
 * the saver's deadlines: the checkout within `connectionTimeoutMs`, each statement within
 * `queryTimeoutMs` (a statement without an answer destroys the connection: a half-open one
 * never answers). The checked-out client has an `error` listener (see `PooledConnection`):
 * pg emits `error` on a client whose server went away (pg_terminate_backend, a TCP reset),
 * and without a listener that event ends the process; the failure reaches the caller through
 * the statement in flight instead. A connection that cannot even ROLLBACK is destroyed.
 * Every error goes through the saver's mapping (trouble reaching the server becomes
 * `BackendUnavailableError`).
 */
export async function inColdTransaction<T>(
  saver: PostgresSaver,
  operation: string,
  work: (query: ColdQuery) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptColdTransaction(saver, operation, work);
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isTransientConflict(error)) throw error;
      // Two writers of one thread (the flusher and a write-through) can deadlock on its rows;
      // PostgreSQL rolled one back, and every cold write is idempotent, so it runs again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/** Attempts of a transaction PostgreSQL rolled back for a deadlock or a serialization failure. */
const MAX_ATTEMPTS = 3;

/** SQLSTATE 40P01 (deadlock detected) or 40001 (serialization failure), through the cause chain. */
function isTransientConflict(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (code === "40P01" || code === "40001") return true;
  }
  return false;
}

async function attemptColdTransaction<T>(
  saver: PostgresSaver,
  operation: string,
  work: (query: ColdQuery) => Promise<T>,
): Promise<T> {
  const { connectionTimeoutMs, queryTimeoutMs } = saver.deadlines;
  let connection: PooledConnection;
  try {
    connection = await PooledConnection.checkOut(saver.pool, operation, connectionTimeoutMs);
  } catch (error) {
    throw toSaverError(error, operation);
  }
  const query: ColdQuery = (statement) => connection.query(statement, queryTimeoutMs);
  try {
    await query({ text: "BEGIN" });
    const result = await work(query);
    await query({ text: "COMMIT" });
    connection.release();
    return result;
  } catch (error) {
    try {
      // Also ends the transaction-scoped locks.
      await query({ text: "ROLLBACK" });
      connection.release(error);
    } catch (rollbackError) {
      connection.destroy(
        rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError)),
      );
    }
    throw toSaverError(error, operation);
  }
}
