import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type pg from "pg";
import { RoundTripCounter } from "../measure/round-trip-counter.js";
import { loadSaverClass } from "./checkpointkit-package.js";
import { countedPostgresPool, dropSchemaAndEnd } from "./postgres-connection.js";
import {
  type SaverPlugin,
  SaverUnavailableError,
  type SaverVariantOptions,
} from "./saver-plugin.js";
import { uniqueStorageName } from "./unique-name.js";

type PostgresSaverClass = new (
  options: {
    pool: pg.Pool;
    schema: string;
  } & SaverVariantOptions,
) => BaseCheckpointSaver & { setup(): Promise<void> };

/** `@checkpointkit/postgres`, loaded from its build so a missing build skips it instead of failing. */
export const checkpointkitPostgresSaverPlugin: SaverPlugin = {
  id: "checkpointkit-postgres",
  label: "checkpointkit PostgresSaver",
  floorBackend: "postgres",
  prepare: async (servers) => {
    const PostgresSaver = (await loadSaverClass("postgres", "PostgresSaver")) as PostgresSaverClass;
    const url = servers.postgresUrl;
    if (url === undefined)
      throw new SaverUnavailableError(servers.unavailable.postgres ?? "no PostgreSQL server");
    return {
      create: async (variantOptions = {}) => {
        const counter = new RoundTripCounter();
        const pool = countedPostgresPool(url, counter);
        const schema = uniqueStorageName();
        const saver = new PostgresSaver({ pool, schema, ...variantOptions });
        await saver.setup();
        return { saver, counter, dispose: () => dropSchemaAndEnd(pool, schema) };
      },
    };
  },
};
