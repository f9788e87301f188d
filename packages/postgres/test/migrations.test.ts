import { randomBytes } from "node:crypto";
import pg from "pg";
import { PostgresSaver } from "../src/index.js";
import { LATEST_SCHEMA_VERSION } from "../src/migrations/migration-list.js";
import { countQueries, createTestPool, postgresUrl } from "./support/test-database.js";

const databaseName = `ck_migrations_${randomBytes(5).toString("hex")}`;
let adminPool: pg.Pool;
let databaseUrl: string;

beforeAll(async () => {
  adminPool = createTestPool();
  await adminPool.query(`CREATE DATABASE ${pg.escapeIdentifier(databaseName)}`);
  const url = new URL(postgresUrl());
  url.pathname = `/${databaseName}`;
  databaseUrl = url.toString();
});

afterAll(async () => {
  await adminPool.query(
    `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(databaseName)} WITH (FORCE)`,
  );
  await adminPool.end();
});

it("8 processes calling setup() at once on a fresh database all succeed, and apply each migration once", async () => {
  const pools = Array.from({ length: 8 }, () => createTestPool(databaseUrl));
  try {
    const savers = pools.map((pool) => new PostgresSaver({ pool, schema: "concurrent setup" }));
    const results = await Promise.allSettled(savers.map((saver) => saver.setup()));
    expect(results.filter((result) => result.status === "rejected")).toEqual([]);

    const applied = await pools[0]!.query(
      `SELECT version, description FROM "concurrent setup".checkpoint_migrations ORDER BY version`,
    );
    expect(applied.rows.map((row) => row.version)).toEqual(
      Array.from({ length: LATEST_SCHEMA_VERSION }, (_unused, index) => index + 1),
    );
    // Every saver works against the schema the others raced to create.
    await Promise.all(
      savers.map((saver, index) =>
        saver.put(
          { configurable: { thread_id: `after-setup-${index}` } },
          {
            v: 4,
            id: `cp-${index}`,
            ts: "",
            channel_values: {},
            channel_versions: {},
            versions_seen: {},
          },
          { source: "input", step: -1, parents: {} },
          {},
        ),
      ),
    );
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
  }
});

it("re-running setup() is a single read that changes nothing", async () => {
  const pool = createTestPool(databaseUrl);
  try {
    const saver = new PostgresSaver({ pool, schema: "rerun" });
    await saver.setup();
    const tablesBefore = await pool.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'rerun' ORDER BY 1`,
    );
    expect(tablesBefore.rows.map((row) => row.table_name)).toEqual([
      "checkpoint_blobs",
      "checkpoint_heads",
      "checkpoint_history",
      "checkpoint_migrations",
      "checkpoint_state",
      "checkpoint_writes",
      "checkpoints",
      "thread_leases",
      "thread_summaries",
    ]);
    const queries = countQueries(pool);
    await saver.setup();
    await new PostgresSaver({ pool, schema: "rerun" }).setup();
    expect(queries()).toBe(2);
    const migrations = await pool.query(
      `SELECT count(*)::int AS count FROM rerun.checkpoint_migrations`,
    );
    expect(migrations.rows[0].count).toBe(LATEST_SCHEMA_VERSION);
  } finally {
    await pool.end();
  }
});

it("a failed setup leaves nothing half-created behind", async () => {
  const pool = createTestPool(databaseUrl);
  try {
    // A table of the same name but another shape makes migration 1 fail midway.
    await pool.query(
      `CREATE SCHEMA blocked; CREATE VIEW blocked.checkpoint_state AS SELECT 1 AS x`,
    );
    const saver = new PostgresSaver({ pool, schema: "blocked" });
    await expect(saver.setup()).rejects.toThrow(/checkpoint_state/);
    const tables = await pool.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'blocked' ORDER BY 1`,
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual(["checkpoint_state"]);
  } finally {
    await pool.end();
  }
});
