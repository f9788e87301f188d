import { randomUUID } from "node:crypto";
import { PostgresSaver } from "@checkpointkit/postgres";
import pg from "pg";
import { PostgresColdTier } from "../../src/postgres.js";
import { cosmosColdTier, requiredEnv, type TestColdTier } from "./test-tiers.js";

/** A PostgreSQL cold tier whose saver keeps `history: "latest"`, over a fresh schema. */
export async function latestPostgresColdTier(): Promise<
  TestColdTier & { saver: PostgresSaver; schema: string }
> {
  const pool = new pg.Pool({ connectionString: requiredEnv("POSTGRES_URL"), max: 8 });
  pool.on("error", () => {});
  const schema = `ck_latest_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const saver = new PostgresSaver({ pool, schema, history: "latest" });
  return {
    saver,
    schema,
    cold: new PostgresColdTier({ saver }),
    async drop() {
      await pool
        .query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`)
        .catch(() => {});
      await pool.end();
    },
  };
}

/** A Cosmos DB cold tier whose saver keeps `history: "latest"`, over a fresh container. */
export function latestCosmosColdTier() {
  return cosmosColdTier(undefined, "latest");
}
