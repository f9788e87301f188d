import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { RoundTripCounter } from "../measure/round-trip-counter.js";
import { countedPostgresPool, dropSchemaAndEnd } from "./postgres-connection.js";
import { type SaverPlugin, SaverUnavailableError } from "./saver-plugin.js";
import { uniqueStorageName } from "./unique-name.js";

/** `@langchain/langgraph-checkpoint-postgres`: the reference every ratio "vs official" divides by. */
export const officialPostgresSaverPlugin: SaverPlugin = {
  id: "official-postgres",
  label: "official PostgresSaver",
  floorBackend: "postgres",
  isOfficialReference: true,
  prepare: async (servers) => {
    const url = servers.postgresUrl;
    if (url === undefined)
      throw new SaverUnavailableError(servers.unavailable.postgres ?? "no PostgreSQL server");
    return {
      create: async () => {
        const counter = new RoundTripCounter();
        const pool = countedPostgresPool(url, counter);
        const schema = uniqueStorageName();
        // The saver gets our pool, so `end()` is never called on it: we close the pool ourselves.
        const saver = new PostgresSaver(pool, undefined, { schema });
        await saver.setup();
        return { saver, counter, dispose: () => dropSchemaAndEnd(pool, schema) };
      },
    };
  },
};
