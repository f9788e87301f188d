import pg from "pg";
import { PostgresStore } from "../src/store/index.js";
import { postgresUrl, uniqueSchemaName } from "./support/test-database.js";

/**
 * A single get or put must run on PostgreSQL's cached generic plan: a statement that is
 * re-planned on every run spends more on planning than on the read or write itself.
 * `pg_prepared_statements` counts generic and custom plans per session, so the pool has
 * one connection and the counts are read on it.
 */
let pool: pg.Pool;
const schema = uniqueSchemaName("ck_store_plan");

beforeAll(() => {
  pool = new pg.Pool({ connectionString: postgresUrl(), max: 1 });
});

afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  await pool.end();
});

it("single gets and puts (TTL refresh on read included) reuse a generic plan", async () => {
  const store = new PostgresStore({ pool, schema, ttlSeconds: 600, refreshTtlOnRead: true });
  await store.setup();
  // With statistics of a table of some size, a generic plan over `unnest` arrays (estimated
  // at 100 rows each) costs more than a custom one, so PostgreSQL would re-plan every run.
  const items = `${pg.escapeIdentifier(schema)}.store_items`;
  await pool.query(
    `INSERT INTO ${items} (namespace_path, key, namespace, value)
     SELECT 'bulk.' || (g % 100), 'k' || g, ARRAY['bulk', (g % 100)::text], '{}'
     FROM generate_series(1, 10000) AS g`,
  );
  await pool.query(`ANALYZE ${items}`);
  for (let round = 0; round < 8; round++) {
    await store.put(["plan", `n${round % 2}`], `k${round}`, { round });
    expect((await store.get(["plan", `n${round % 2}`], `k${round}`))?.value).toEqual({ round });
  }
  const { rows } = await pool.query<{ statement: string; generic_plans: string }>(
    `SELECT statement, generic_plans FROM pg_prepared_statements
     WHERE statement LIKE '%store_items%' AND generic_plans + custom_plans >= 8`,
  );
  expect(rows.length).toBe(2);
  for (const row of rows) expect(Number(row.generic_plans)).toBeGreaterThan(0);
});
