import { PostgresSaver } from "../src/index.js";
import { initialSchema } from "../src/migrations/001-initial-schema.js";
import { LATEST_SCHEMA_VERSION } from "../src/migrations/migration-list.js";
import { SchemaName } from "../src/schema-name.js";
import { collect, putChain, threadConfig } from "./support/fixtures.js";
import { createOldSchema } from "./support/old-schema.js";
import { createSchemaSaver, createTestPool, uniqueSchemaName } from "./support/test-database.js";

it("setup() upgrades a version-1 schema holding data: every checkpoint, value and write reads back", async () => {
  const source = await createSchemaSaver();
  const pool = createTestPool();
  const oldSchema = new SchemaName(uniqueSchemaName("ck_v1"));
  try {
    const configs = await putChain(source.saver, "upgraded thread", 3);
    await source.saver.putWrites(configs[2]!, [["counter", "pending"]], "task-1");

    // A database as the first release left it: migration 1 only, with the same rows.
    await createOldSchema(pool, oldSchema, [initialSchema], source.saver.schema);

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
