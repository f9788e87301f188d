import type pg from "pg";
import { toSaverError } from "../backend-errors.js";

/**
 * Runs `work` in ONE transaction on ONE connection checked out of the saver's pool. While
 * the connection is checked out it has an `error` listener: pg emits `error` on a checked-out
 * client whose server went away (pg_terminate_backend, a TCP reset), and without a listener
 * that event ends the process. The error is not lost: the query in flight rejects with it,
 * and a connection that failed is discarded instead of going back to the pool. Every error
 * goes through the saver's mapping (connection trouble becomes `BackendUnavailableError`).
 */
export async function inColdTransaction<T>(
  pool: pg.Pool,
  operation: string,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw toSaverError(error, operation);
  }
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken ??= error;
  };
  client.on("error", onError);
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    if (broken === undefined) {
      // ROLLBACK also ends the transaction-scoped locks; a connection that cannot even do
      // that (it dropped) is discarded.
      await client.query("ROLLBACK").catch((rollbackError: Error) => {
        broken ??= rollbackError;
      });
    }
    throw toSaverError(error, operation);
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
}
