import type pg from "pg";
import type { RoundTripCounter } from "./round-trip-counter.js";

const INSTRUMENTED = Symbol("checkpointkit.benchmarks.instrumented");

/**
 * Counts `query` calls on every connection of a pool. `pool.query` itself is left alone: it
 * checks out a client and calls that client's `query`, so counting both would count twice.
 * Each `query` is one round trip (pg sends parse/bind/execute/sync in one write and waits for
 * the reply), including a multi-statement text query.
 */
export function countPostgresRoundTrips(pool: pg.Pool, counter: RoundTripCounter): void {
  pool.on("connect", (client) => {
    const marked = client as unknown as Record<symbol, boolean>;
    if (marked[INSTRUMENTED] === true) return;
    marked[INSTRUMENTED] = true;
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
      counter.recordRoundTrip();
      return original(...args);
    };
  });
}
