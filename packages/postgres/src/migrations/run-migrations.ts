import type pg from "pg";
import {
  type ConnectionDeadlines,
  type PooledConnection,
  withConnection,
} from "../pooled-connection.js";
import type { SchemaName } from "../schema-name.js";
import type { Migration } from "./migration.js";
import { MIGRATIONS } from "./migration-list.js";

/** A list of migrations and the table recording which of them are applied. */
export interface MigrationLedger {
  /** Table in the schema recording applied versions, e.g. `checkpoint_migrations`. */
  table: string;
  migrations: readonly Migration[];
}

/** The saver's own tables; the store (`./store`) keeps a ledger of its own. */
export const CHECKPOINT_LEDGER: MigrationLedger = {
  table: "checkpoint_migrations",
  migrations: MIGRATIONS,
};

/** SQLSTATEs meaning "the schema or the migrations table does not exist yet". */
const NOT_CREATED_YET = new Set(["3F000", "42P01"]);

/** The highest applied migration version; 0 for a database the saver never touched. */
async function appliedSchemaVersion(
  connection: PooledConnection,
  table: string,
  timeoutMs: number,
): Promise<number> {
  try {
    const result = await connection.query<{ version: number | null }>(
      { text: `SELECT max(version) AS version FROM ${table}` },
      timeoutMs,
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
 * completely and releases the lock. Every statement is bounded by `queryTimeoutMs`.
 */
export async function runMigrations(
  pool: pg.Pool,
  schema: SchemaName,
  deadlines: ConnectionDeadlines,
  ledger: MigrationLedger = CHECKPOINT_LEDGER,
): Promise<void> {
  const table = schema.qualify(ledger.table);
  await withConnection(pool, "setup", deadlines.connectionTimeoutMs, async (connection) => {
    const run = (text: string, values?: unknown[]) =>
      connection.query({ text, values }, deadlines.queryTimeoutMs);
    if (
      (await appliedSchemaVersion(connection, table, deadlines.queryTimeoutMs)) >=
      ledger.migrations.length
    ) {
      return;
    }
    for (const migration of ledger.migrations) {
      await run("BEGIN");
      try {
        await run("SELECT pg_advisory_xact_lock($1::bigint)", [schema.migrationLockKey]);
        await run(`CREATE SCHEMA IF NOT EXISTS ${schema.quoted}`);
        await run(
          `CREATE TABLE IF NOT EXISTS ${table} (
            version integer PRIMARY KEY,
            description text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
          )`,
        );
        const applied = await run(`SELECT 1 FROM ${table} WHERE version = $1`, [migration.version]);
        if (applied.rowCount === 0) {
          await run(migration.sql(schema));
          await run(`INSERT INTO ${table} (version, description) VALUES ($1, $2)`, [
            migration.version,
            migration.description,
          ]);
        }
        await run("COMMIT");
      } catch (error) {
        // A connection that cannot even roll back is destroyed on release, never reused.
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
