import type pg from "pg";
import { type ConnectionDeadlines, withConnection } from "../pooled-connection.js";
import type { SchemaName } from "../schema-name.js";
import { LATEST_STORE_VERSION, STORE_MIGRATIONS } from "./store-migrations.js";

/** SQLSTATEs meaning "the schema or the migrations table does not exist yet". */
const NOT_CREATED_YET = new Set(["3F000", "42P01"]);

/**
 * Brings the store's tables up to the latest version. Each migration runs in its own
 * transaction holding the schema's advisory lock (the saver's too, so saver and store
 * setups of one schema never interleave) and re-reads what is applied: any number of
 * processes may call it at once; exactly one applies each migration.
 */
export async function runStoreMigrations(
  pool: pg.Pool,
  schema: SchemaName,
  deadlines: ConnectionDeadlines,
): Promise<void> {
  const table = schema.qualify("store_migrations");
  await withConnection(pool, "store setup", deadlines.connectionTimeoutMs, async (connection) => {
    const run = (text: string, values?: unknown[]) =>
      connection.query<{ version: number | null }>({ text, values }, deadlines.queryTimeoutMs);
    const applied = await run(`SELECT max(version) AS version FROM ${table}`).then(
      (result) => result.rows[0]?.version ?? 0,
      (error: { code?: string }) => {
        if (NOT_CREATED_YET.has(error.code ?? "")) return 0;
        throw error;
      },
    );
    if (applied >= LATEST_STORE_VERSION) return;
    for (const migration of STORE_MIGRATIONS) {
      await run("BEGIN");
      try {
        await run("SELECT pg_advisory_xact_lock($1::bigint)", [schema.migrationLockKey]);
        await run(`CREATE SCHEMA IF NOT EXISTS ${schema.quoted}`);
        await run(
          `CREATE TABLE IF NOT EXISTS ${table} (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
        );
        const done = await run(`SELECT 1 FROM ${table} WHERE version = $1`, [migration.version]);
        if (done.rowCount === 0) {
          await run(migration.sql(schema));
          await run(`INSERT INTO ${table} (version, description) VALUES ($1, $2)`, [
            migration.version,
            migration.description,
          ]);
        }
        await run("COMMIT");
      } catch (error) {
        await run("ROLLBACK").catch((rollbackError: unknown) => {
          connection.destroy(
            rollbackError instanceof Error ? rollbackError : new Error("ROLLBACK failed"),
          );
        });
        throw error;
      }
    }
  });
}
