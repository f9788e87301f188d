import type { BaseStore } from "@langchain/langgraph-checkpoint";
import type pg from "pg";
import { RoundTripCounter } from "../measure/round-trip-counter.js";
import { loadPackageExports } from "../savers/checkpointkit-package.js";
import { countedPostgresPool, dropSchemaAndEnd } from "../savers/postgres-connection.js";
import { SaverUnavailableError } from "../savers/saver-plugin.js";
import { uniqueStorageName } from "../savers/unique-name.js";
import type { BenchStoreIndex, StorePlugin } from "./store-plugin.js";

type PostgresStoreClass = new (options: {
  pool: pg.Pool;
  schema: string;
  index?: BenchStoreIndex;
}) => BaseStore & { setup(): Promise<void>; close(): Promise<void> };

/** `@checkpointkit/postgres/store`, loaded from its build (exact search: no pgvector here). */
export const checkpointkitPostgresStorePlugin: StorePlugin = {
  id: "checkpointkit-postgres",
  label: "checkpointkit PostgresStore",
  prepare: async (servers) => {
    const { PostgresStore } = (await loadPackageExports(
      "postgres",
      ["PostgresStore"],
      "store",
    )) as { PostgresStore: PostgresStoreClass };
    const url = servers.postgresUrl;
    if (url === undefined)
      throw new SaverUnavailableError(servers.unavailable.postgres ?? "no PostgreSQL server");
    return {
      create: async (index) => {
        const counter = new RoundTripCounter();
        const pool = countedPostgresPool(url, counter);
        const schema = uniqueStorageName();
        const store = new PostgresStore({ pool, schema, index });
        await store.setup();
        return {
          store,
          counter,
          dispose: async () => {
            await store.close();
            await dropSchemaAndEnd(pool, schema);
          },
        };
      },
    };
  },
};
