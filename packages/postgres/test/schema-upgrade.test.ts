import { PostgresSaver } from "../src/index.js";
import { initialSchema } from "../src/migrations/001-initial-schema.js";
import { LATEST_SCHEMA_VERSION } from "../src/migrations/migration-list.js";
import { SchemaName } from "../src/schema-name.js";
import { collect, putChain, threadConfig } from "./support/fixtures.js";
import { createSchemaSaver, createTestPool, uniqueSchemaName } from "./support/test-database.js";

/** The columns migration 1 created, which every later migration keeps. */
const VERSION_1_COLUMNS: Record<string, string> = {
  checkpoints: `thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, format_version,
    checkpoint_type, checkpoint, channel_versions, metadata_type, metadata, metadata_json, created_at`,
  checkpoint_blobs: "thread_id, checkpoint_ns, channel, version, type, blob, created_at",
  checkpoint_writes: `thread_id, checkpoint_ns, checkpoint_id, task_id, idx, task_path, node,
    channel, type, blob, created_at`,
};

it("setup() upgrades a version-1 schema holding data: every checkpoint, value and write reads back", async () => {
  const source = await createSchemaSaver();
  const pool = createTestPool();
  const oldSchema = new SchemaName(uniqueSchemaName("ck_v1"));
  try {
    const configs = await putChain(source.saver, "upgraded thread", 3);
    await source.saver.putWrites(configs[2]!, [["counter", "pending"]], "task-1");

    // A database as the first release left it: migration 1 only, with the same rows.
    await pool.query(`CREATE SCHEMA ${oldSchema.quoted}`);
    await pool.query(`CREATE TABLE ${oldSchema.qualify("checkpoint_migrations")} (
      version integer PRIMARY KEY, description text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    await pool.query(initialSchema.sql(oldSchema));
    await pool.query(
      `INSERT INTO ${oldSchema.qualify("checkpoint_migrations")} (version, description) VALUES (1, 'v1')`,
    );
    for (const [table, columns] of Object.entries(VERSION_1_COLUMNS)) {
      await pool.query(
        `INSERT INTO ${oldSchema.qualify(table)} (${columns}) SELECT ${columns} FROM ${source.saver.schema.qualify(table)}`,
      );
    }

    const upgraded = new PostgresSaver({ pool, schema: oldSchema.name });
    await upgraded.setup();
    const { rows } = await pool.query(
      `SELECT max(version) AS version FROM ${oldSchema.qualify("checkpoint_migrations")}`,
    );
    expect(rows[0].version).toBe(LATEST_SCHEMA_VERSION);
    const expected = await collect(source.saver.list(threadConfig("upgraded thread")));
    expect(await collect(upgraded.list(threadConfig("upgraded thread")))).toEqual(expected);
    expect((await upgraded.getTuple(threadConfig("upgraded thread")))?.pendingWrites).toEqual([
      ["task-1", "counter", "pending"],
    ]);
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${oldSchema.quoted} CASCADE`);
    await pool.end();
    await source.dispose();
  }
});
