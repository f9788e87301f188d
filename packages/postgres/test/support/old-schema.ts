import type pg from "pg";
import type { Migration } from "../../src/migrations/migration.js";
import type { SchemaName } from "../../src/schema-name.js";

/** The columns migration 1 created, which every later migration keeps. */
export const VERSION_1_COLUMNS: Record<string, string> = {
  checkpoints: `thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, format_version,
    checkpoint_type, checkpoint, channel_versions, metadata_type, metadata, metadata_json, created_at`,
  checkpoint_blobs: "thread_id, checkpoint_ns, channel, version, type, blob, created_at",
  checkpoint_writes: `thread_id, checkpoint_ns, checkpoint_id, task_id, idx, task_path, node,
    channel, type, blob, created_at`,
};

/**
 * A schema as an earlier release left it: `migrations` applied and recorded, then the rows of
 * `source`'s tables copied in (the columns of migration 1).
 */
export async function createOldSchema(
  pool: pg.Pool,
  schema: SchemaName,
  migrations: readonly Migration[],
  source: SchemaName,
): Promise<void> {
  await pool.query(`CREATE SCHEMA ${schema.quoted}`);
  await pool.query(`CREATE TABLE ${schema.qualify("checkpoint_migrations")} (
    version integer PRIMARY KEY, description text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())`);
  for (const migration of migrations) {
    await pool.query(migration.sql(schema));
    await pool.query(
      `INSERT INTO ${schema.qualify("checkpoint_migrations")} (version, description) VALUES ($1, $2)`,
      [migration.version, migration.description],
    );
  }
  for (const [table, columns] of Object.entries(VERSION_1_COLUMNS)) {
    await pool.query(
      `INSERT INTO ${schema.qualify(table)} (${columns}) SELECT ${columns} FROM ${source.qualify(table)}`,
    );
  }
}
