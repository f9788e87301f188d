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
