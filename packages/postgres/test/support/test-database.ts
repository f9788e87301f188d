import { randomBytes } from "node:crypto";
import pg from "pg";
import { PostgresSaver, type PostgresSaverCommonOptions } from "../../src/index.js";

/** The server the jest preset started (or `POSTGRES_URL` named) for this run. */
export function postgresUrl(): string {
  const url = process.env.POSTGRES_URL;
  if (url === undefined || url === "") {
    throw new Error("POSTGRES_URL is not set: run through the package's jest config");
  }
  return url;
}

export function uniqueSchemaName(prefix = "ck_test"): string {
  return `${prefix}_${randomBytes(6).toString("hex")}`;
}

export function createTestPool(url = postgresUrl()): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on("error", () => {});
  return pool;
}

/** A saver over a fresh schema of its own, set up; `dispose` drops the schema. */
export interface SchemaSaver {
  saver: PostgresSaver;
  pool: pg.Pool;
  /** Statements the pool was asked to run since creation (setup excluded). */
  queryCount(): number;
  dispose(): Promise<void>;
}

const COUNTED = Symbol("checkpointkit.test.countedClient");

/**
 * Counts every statement sent on a client checked out of `pool` (the saver checks a client
 * out per statement and sends it there) plus every `pool.query`: the saver's round trips.
 */
export function countQueries(pool: pg.Pool): () => number {
  let count = 0;
  const countCalls = <T extends object>(target: T): void => {
    const holder = target as unknown as { query: (...args: unknown[]) => unknown };
    const original = holder.query.bind(target);
    holder.query = (...args: unknown[]) => {
      count += 1;
      return original(...args);
    };
  };
  countCalls(pool);
  pool.on("acquire", (client) => {
    const marked = client as pg.PoolClient & { [COUNTED]?: true };
    if (marked[COUNTED]) return;
    marked[COUNTED] = true;
    countCalls(client);
  });
  return () => count;
}

export async function createSchemaSaver(
  options: PostgresSaverCommonOptions = {},
  pool = createTestPool(),
): Promise<SchemaSaver> {
  const schema = options.schema ?? uniqueSchemaName();
  const saver = new PostgresSaver({ ...options, pool, schema });
  await saver.setup();
  const counter = countQueries(pool);
  const base = counter();
  return {
    saver,
    pool,
    queryCount: () => counter() - base,
    dispose: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
      await pool.end();
    },
  };
}
