import pg from "pg";
import { countPostgresRoundTrips } from "../measure/count-postgres-round-trips.js";
import type { RoundTripCounter } from "../measure/round-trip-counter.js";

/** Enough connections for the support graph's concurrency of 32 without queueing in the pool. */
const POOL_SIZE = 32;
/** Far above any benchmarked statement (listing 1,000 checkpoints takes about a second). */
const QUERY_TIMEOUT_MS = 60_000;

/** A pg pool whose every statement is counted as a round trip. */
export function countedPostgresPool(url: string, counter: RoundTripCounter): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    connectionTimeoutMillis: 10_000,
    // A server that stops answering fails the query instead of hanging the run.
    query_timeout: QUERY_TIMEOUT_MS,
  });
  // An idle client dying (server stopped at the end) must not crash the run.
  pool.on("error", () => {});
  countPostgresRoundTrips(pool, counter);
  return pool;
}

/** Drops the schema a saver instance used, then closes the pool. */
export async function dropSchemaAndEnd(pool: pg.Pool, schema: string): Promise<void> {
  try {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await pool.end();
  }
}
