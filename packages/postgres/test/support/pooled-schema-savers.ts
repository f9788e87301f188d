import pg from "pg";
import { PostgresSaver, type PostgresSaverCommonOptions } from "../../src/index.js";
import { createTestPool, uniqueSchemaName } from "./test-database.js";

/*
 * Savers for conformance specs that need differently configured savers: each over its own
 * pool and fresh schema, dropped with the pool by `destroyPooledSaver`.
 */

const pools = new Map<PostgresSaver, pg.Pool>();

export async function createPooledSaver(
  schemaPrefix: string,
  options: PostgresSaverCommonOptions = {},
): Promise<PostgresSaver> {
  const pool = createTestPool();
  const saver = new PostgresSaver({ pool, schema: uniqueSchemaName(schemaPrefix), ...options });
  await saver.setup();
  pools.set(saver, pool);
  return saver;
}

export async function destroyPooledSaver(saver: PostgresSaver): Promise<void> {
  const pool = pools.get(saver);
  pools.delete(saver);
  if (pool === undefined) return;
  await pool.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(saver.schema.name)} CASCADE`);
  await pool.end();
}
