import { randomBytes } from "node:crypto";
import pg from "pg";

function envUrl(name: "POSTGRES_URL" | "REDIS_URL"): string {
  const url = process.env[name];
  if (url === undefined || url === "") throw new Error(`${name} is not set by the jest preset`);
  return url;
}

/** The PostgreSQL server the jest preset started (or POSTGRES_URL named). */
export const postgresUrl = (): string => envUrl("POSTGRES_URL");

/** The Redis server the jest preset started (or REDIS_URL named). */
export const redisUrl = (): string => envUrl("REDIS_URL");

/** A name no other test uses: a schema or a key prefix of its own. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString("hex")}`;
}

export function createPool(): pg.Pool {
  const pool = new pg.Pool({ connectionString: postgresUrl(), max: 4 });
  pool.on("error", () => {});
  return pool;
}

export async function dropSchema(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
}

/** `checkpointkit migrate` reading the official tables of `schema` on the test server. */
export function migrateFromOfficial(schema: string, ...rest: string[]): string[] {
  return ["migrate", "--from", postgresUrl(), "--from-schema", schema, ...rest];
}
