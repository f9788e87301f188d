import { PostgresSaver } from "../src/index.js";
import { MIGRATIONS } from "../src/migrations/migration-list.js";
import { SchemaName } from "../src/schema-name.js";
import { loopMetadata, makeCheckpoint, putChain, threadConfig } from "./support/fixtures.js";
import { createOldSchema } from "./support/old-schema.js";
import { createSchemaSaver, createTestPool, uniqueSchemaName } from "./support/test-database.js";

it("setup() upgrades a version-3 schema holding data: old threads are listed and sized, new puts recorded", async () => {
  const source = await createSchemaSaver();
  const pool = createTestPool();
  const oldSchema = new SchemaName(uniqueSchemaName("ck_v3"));
  try {
    await putChain(source.saver, "old-a", 3);
    await putChain(source.saver, "old-b", 2, "sub");
    const expectedSummary = await source.saver.threadSizeSummary("old-a", { lastN: 2 });

    // A database as the release before size records left it, with the same rows.
    const before = MIGRATIONS.filter((migration) => migration.version <= 3);
    await createOldSchema(pool, oldSchema, before, source.saver.schema);

    const upgraded = new PostgresSaver({ pool, schema: oldSchema.name });
    await upgraded.setup();
    const { rows } = await pool.query(
      `SELECT version, description FROM ${oldSchema.qualify("checkpoint_migrations")} WHERE version = 4`,
    );
    expect(rows).toEqual([
      { version: 4, description: "stored size records and per-thread summaries" },
    ]);

    // Old checkpoints have no record: listed with 0 bytes, sized from what is stored.
    const page = await upgraded.listThreads();
    const byId = new Map(page.threads.map((thread) => [thread.threadId, thread]));
    expect(byId.get("old-a")).toMatchObject({ checkpointCount: 3, storedBytes: 0 });
    expect(byId.get("old-b")).toMatchObject({ checkpointCount: 2, storedBytes: 0 });
    expect(await upgraded.getCheckpointSize(threadConfig("old-a"))).toBeUndefined();
    expect(await upgraded.threadSizeSummary("old-a", { lastN: 2 })).toEqual(expectedSummary);

    // A new put is recorded and counted; the thread moves to the top.
    const latest = await upgraded.getTuple(threadConfig("old-b", "sub"));
    const checkpoint = makeCheckpoint({ counter: 99 }, 9);
    const config = await upgraded.put(latest!.config, checkpoint, loopMetadata(9), { counter: 9 });
    const size = await upgraded.getCheckpointSize(config);
    expect(size?.channels.map((channel) => channel.channel)).toEqual(["counter"]);
    const [top] = (await upgraded.listThreads({ limit: 1 })).threads;
    expect(top).toMatchObject({
      threadId: "old-b",
      checkpointCount: 3,
      storedBytes: size?.storedBytes,
    });
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${oldSchema.quoted} CASCADE`);
    await pool.end();
    await source.dispose();
  }
});
