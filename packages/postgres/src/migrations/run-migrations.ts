import type pg from "pg";
import type { SchemaName } from "../schema-name.js";
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from "./migration-list.js";

/** SQLSTATEs meaning "the schema or the migrations table does not exist yet". */
const NOT_CREATED_YET = new Set(["3F000", "42P01"]);

/** The highest applied migration version; 0 for a database the saver never touched. */
export async function appliedSchemaVersion(
  queryable: pg.Pool | pg.PoolClient,
  schema: SchemaName,
): Promise<number> {
  try {
    const result = await queryable.query<{ version: number | null }>(
      `SELECT max(version) AS version FROM ${schema.qualify("checkpoint_migrations")}`,
    );
    return result.rows[0]?.version ?? 0;
  } catch (error) {
    if (NOT_CREATED_YET.has((error as { code?: string }).code ?? "")) return 0;
    throw error;
  }
}

/**
 * Brings the schema up to the latest version. Each migration runs in its own transaction
 * that first takes a transaction-scoped advisory lock on the schema, then re-reads which
 * migrations are applied: any number of processes may call this at once, exactly one
 * applies each migration and the others find it done. A failed migration rolls back
 * completely and releases the lock.
 */
export async function runMigrations(pool: pg.Pool, schema: SchemaName): Promise<void> {
  if ((await appliedSchemaVersion(pool, schema)) >= LATEST_SCHEMA_VERSION) return;
  const client = await pool.connect();
  let released = false;
  try {
    for (const migration of MIGRATIONS) {
      await client.query("BEGIN");
      try {
        await client.query("SELECT pg_advisory_xact_lock($1::bigint)", [schema.migrationLockKey]);
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema.quoted}`);
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${schema.qualify("checkpoint_migrations")} (
            version integer PRIMARY KEY,
            description text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
          )`,
        );
        const applied = await client.query(
          `SELECT 1 FROM ${schema.qualify("checkpoint_migrations")} WHERE version = $1`,
          [migration.version],
        );
        if (applied.rowCount === 0) {
          await client.query(migration.sql(schema));
          await client.query(
            `INSERT INTO ${schema.qualify("checkpoint_migrations")} (version, description) VALUES ($1, $2)`,
            [migration.version, migration.description],
          );
        }
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch((rollbackError: unknown) => {
          // A connection that cannot even roll back must not go back to the pool.
          released = true;
          client.release(rollbackError instanceof Error ? rollbackError : true);
        });
        throw error;
      }
    }
  } finally {
    if (!released) client.release();
  }
}
