import { randomBytes } from "node:crypto";
import { PostgresSaver } from "../src/index.js";
import { MIGRATIONS } from "../src/migrations/migration-list.js";
import { SchemaName } from "../src/schema-name.js";
import { loopMetadata, makeCheckpoint, threadConfig } from "./support/fixtures.js";
import { createOldSchema } from "./support/old-schema.js";
import { createSchemaSaver, createTestPool, uniqueSchemaName } from "./support/test-database.js";

/*
 * Migration 5 replaces the SQL `bounded_key` of migration 2 by a PL/pgSQL one (a SQL
 * function in a generated column is parsed again on every INSERT; see the migration). The
 * keys themselves must not change: rows stored before the upgrade are found by the keys
 * computed after it.
 */

/** Migration 2's function as it was released, to compare the keys against. */
const RELEASED_KEY_FUNCTION = (name: string) => `CREATE FUNCTION ${name}(id text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $body$
  SELECT CASE WHEN octet_length(id) <= 400 THEN id
    ELSE left(id, 100) || chr(1) || chr(3) || encode(sha256(convert_to(id, 'UTF8')), 'hex')
  END
$body$`;

/** Ids around the 400-byte limit, in 1-, 2- and 4-byte characters, and escapes. */
const IDS: (string | null)[] = [
  null,
  "",
  "thread-1",
  "a".repeat(400),
  "a".repeat(401),
  "é".repeat(200),
  "é".repeat(201),
  `${"a".repeat(399)}é`,
  "😀".repeat(100),
  `${"😀".repeat(100)}a`,
  "\u0001\u0002\u0001\u0001".repeat(150),
  randomBytes(5000).toString("hex"),
];

it("the key function is PL/pgSQL, immutable, strict and parallel safe", async () => {
  const context = await createSchemaSaver();
  try {
    const { rows } = await context.pool.query(
      `SELECT l.lanname, p.provolatile, p.proisstrict, p.proparallel
       FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
       WHERE p.oid = $1::regprocedure`,
      [`${context.saver.schema.qualify("bounded_key")}(text)`],
    );
    expect(rows).toEqual([
      { lanname: "plpgsql", provolatile: "i", proisstrict: true, proparallel: "s" },
    ]);
  } finally {
    await context.dispose();
  }
});

it("computes the key migration 2's function computed for every id", async () => {
  const context = await createSchemaSaver();
  const released = context.saver.schema.qualify("released_bounded_key");
  try {
    await context.pool.query(RELEASED_KEY_FUNCTION(released));
    const { rows } = await context.pool.query(
      `SELECT id, ${context.saver.schema.qualify("bounded_key")}(id) AS now, ${released}(id) AS before
       FROM unnest($1::text[]) AS ids(id)`,
      [IDS],
    );
    expect(rows).toHaveLength(IDS.length);
    for (const row of rows) expect(row.now).toBe(row.before);
    // The long ids really took the hashing branch.
    expect(rows.filter((row) => row.now !== row.id).length).toBeGreaterThanOrEqual(5);
  } finally {
    await context.dispose();
  }
});

it("setup() upgrades a version-4 schema: checkpoints and writes of ids over 400 bytes stay found", async () => {
  const source = await createSchemaSaver();
  const pool = createTestPool();
  const oldSchema = new SchemaName(uniqueSchemaName("ck_v4"));
  const threadId = `thread-${randomBytes(400).toString("hex")}`;
  const channel = `channel-${"é".repeat(300)}`;
  try {
    const first = makeCheckpoint({ [channel]: "before" }, 1);
    const stored = await source.saver.put(
      threadConfig(threadId),
      first,
      loopMetadata(0),
      first.channel_versions,
    );
    await source.saver.putWrites(stored, [[channel, "written before"]], "task-before");

    // The same rows under the release before migration 5: its function computed their keys.
    const before = MIGRATIONS.filter((migration) => migration.version <= 4);
    await createOldSchema(pool, oldSchema, before, source.saver.schema);
    const upgraded = new PostgresSaver({ pool, schema: oldSchema.name });
    await upgraded.setup();

    const found = await upgraded.getTuple(threadConfig(threadId));
    expect(found?.checkpoint.id).toBe(first.id);
    expect(found?.checkpoint.channel_values).toEqual({ [channel]: "before" });
    expect(found?.pendingWrites).toEqual([["task-before", channel, "written before"]]);

    // A replayed write lands on the stored row's key instead of adding a second row.
    await upgraded.putWrites(stored, [[channel, "written again"]], "task-before");
    const { rows } = await pool.query(
      `SELECT count(*)::int AS count FROM ${oldSchema.qualify("checkpoint_writes")}`,
    );
    expect(rows[0].count).toBe(1);

    const second = makeCheckpoint({ [channel]: "after" }, 2);
    await upgraded.put(found!.config, second, loopMetadata(1), second.channel_versions);
    const latest = await upgraded.getTuple(threadConfig(threadId));
    expect(latest?.checkpoint.channel_values).toEqual({ [channel]: "after" });
    expect(latest?.parentConfig?.configurable?.checkpoint_id).toBe(first.id);
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${oldSchema.quoted} CASCADE`);
    await pool.end();
    await source.dispose();
  }
});
