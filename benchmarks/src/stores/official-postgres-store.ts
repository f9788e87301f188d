import { PostgresStore } from "@langchain/langgraph-checkpoint-postgres/store";
import type pg from "pg";
import { countPostgresRoundTrips } from "../measure/count-postgres-round-trips.js";
import { RoundTripCounter } from "../measure/round-trip-counter.js";
import { OFFICIAL_SUBJECT_ID } from "../report/ratios.js";
import { SaverUnavailableError } from "../savers/saver-plugin.js";
import { uniqueStorageName } from "../savers/unique-name.js";
import type { StorePlugin } from "./store-plugin.js";

/**
 * `@langchain/langgraph-checkpoint-postgres/store`: the reference of the store section. It
 * builds its own pool from `connectionOptions`; the pool is reached through the store's
 * internals only to count statements and drop the schema (benchmark instrumentation).
 */
export const officialPostgresStorePlugin: StorePlugin = {
  id: OFFICIAL_SUBJECT_ID,
  label: "official PostgresStore",
  prepare: async (servers) => {
    const url = servers.postgresUrl;
    if (url === undefined)
      throw new SaverUnavailableError(servers.unavailable.postgres ?? "no PostgreSQL server");
    return {
      create: async (index) => {
        if (index !== undefined) {
          // Its semantic search needs pgvector (CREATE EXTENSION vector in setup()).
          throw new SaverUnavailableError("semantic search needs pgvector, absent on this server");
        }
        const schema = uniqueStorageName();
        const store = new PostgresStore({
          connectionOptions: { connectionString: url, max: 8 },
          schema,
        });
        const pool = (store as unknown as { core?: { pool?: pg.Pool } }).core?.pool;
        const counter = new RoundTripCounter();
        pool?.on("error", () => {});
        if (pool !== undefined) countPostgresRoundTrips(pool, counter);
        await store.setup();
        return {
          store,
          counter,
          dispose: async () => {
            await pool?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
            await store.stop();
            await pool?.end().catch(() => {});
          },
        };
      },
    };
  },
};
