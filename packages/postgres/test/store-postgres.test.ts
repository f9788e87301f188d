import { createFakeEmbedding } from "@checkpointkit/conformance";
import { BackendUnavailableError, InvalidConfigError } from "@checkpointkit/core";
import pg from "pg";
import { PostgresStore } from "../src/store/index.js";
import { closedPort, failureOf, failureWithin, silentServer } from "./support/faults.js";
import { createTestPool, postgresUrl, uniqueSchemaName } from "./support/test-database.js";

/** What the conformance suite leaves out: PostgreSQL-specific behaviour of PostgresStore. */
let pool: pg.Pool;
const schemas: string[] = [];

function storeWith(options: Partial<ConstructorParameters<typeof PostgresStore>[0]> = {}) {
  const schema = uniqueSchemaName("ck_store_pg");
  schemas.push(schema);
  return new PostgresStore({ pool, schema, ...options });
}

beforeAll(() => {
  pool = createTestPool();
});

afterAll(async () => {
  for (const schema of schemas) {
    await pool.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  }
  await pool.end();
});

it("fromConnString owns its pool: setup, put, get, and close ends the pool", async () => {
  const schema = uniqueSchemaName("ck_store_pg");
  schemas.push(schema);
  const store = PostgresStore.fromConnString(postgresUrl(), { schema, poolOptions: { max: 2 } });
  await store.setup();
  await store.put(["owned"], "k", { v: 1 });
  expect((await store.get(["owned"], "k"))?.value).toEqual({ v: 1 });
  await store.close();
  expect((store.pool as pg.Pool & { ending: boolean }).ending).toBe(true);
});

it("setup is idempotent and safe from many stores at once", async () => {
  const schema = uniqueSchemaName("ck_store_pg");
  schemas.push(schema);
  const stores = Array.from({ length: 4 }, () => new PostgresStore({ pool, schema }));
  await Promise.all(stores.map((store) => store.setup()));
  await stores[0]?.setup();
  const { rows } = await pool.query(
    `SELECT version FROM ${pg.escapeIdentifier(schema)}.store_migrations ORDER BY version`,
  );
  expect(rows.map((row) => row.version)).toEqual([1]);
});

it("a key with U+0000 round-trips; a value with U+0000 is refused and nothing is written", async () => {
  const store = storeWith();
  await store.setup();
  await store.put(["nul"], "a\u0000b", { v: 1 });
  await store.put(["nul"], "a", { v: 2 });
  expect((await store.get(["nul"], "a\u0000b"))?.value).toEqual({ v: 1 });
  expect((await store.search(["nul"])).map((item) => item.key).sort()).toEqual(["a", "a\u0000b"]);
  const error = await failureOf(
    store.batch([
      { namespace: ["nul"], key: "fine", value: { v: 3 } },
      { namespace: ["nul"], key: "bad", value: { text: "x\u0000y" } },
    ]),
  );
  expect(InvalidConfigError.isInstance(error)).toBe(true);
  expect(await store.get(["nul"], "fine")).toBeNull();
});

it("a put's own TTL: seconds override the store's, null never expires; the sweep deletes expired rows", async () => {
  const store = storeWith({ ttlSeconds: 3600 });
  await store.setup();
  await store.put(["ttl"], "short", { v: 1 }, undefined, { ttlSeconds: 0.2 });
  await store.put(["ttl"], "forever", { v: 2 }, undefined, { ttlSeconds: null });
  await store.put(["ttl"], "default", { v: 3 });
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(await store.get(["ttl"], "short")).toBeNull();
  expect(await store.sweepExpiredItems()).toEqual({ deletedItems: 1 });
  const { rows } = await pool.query(
    `SELECT key, ttl_seconds, expires_at IS NULL AS forever FROM ${pg.escapeIdentifier(store.schema.name)}.store_items ORDER BY key`,
  );
  expect(rows).toEqual([
    { key: "default", ttl_seconds: 3600, forever: false },
    { key: "forever", ttl_seconds: null, forever: true },
  ]);
});

it("an embedding model that returns vectors of the wrong length is refused before anything is written", async () => {
  const store = storeWith({
    index: { dims: 8, embed: async (texts) => texts.map(() => [1, 2, 3]), fields: ["text"] },
  });
  await store.setup();
  const error = await failureOf(store.put(["dims"], "k", { text: "hello" }));
  expect(InvalidConfigError.isInstance(error)).toBe(true);
  expect(await store.get(["dims"], "k")).toBeNull();
});

it("without pgvector on the server, setup keeps the exact search and says why", async () => {
  const embedding = createFakeEmbedding(8);
  const auto = storeWith({ index: { dims: 8, embed: (texts) => embedding.embed(texts) } });
  await auto.setup();
  expect(auto.vectorSupport).toEqual({
    scoring: "exact",
    reason: "the server has no pgvector extension",
  });
  const exact = storeWith({
    index: { dims: 8, embed: (texts) => embedding.embed(texts), vectorSearch: "exact" },
  });
  await exact.setup();
  expect(exact.vectorSupport.scoring).toBe("exact");
});

it("options the store cannot honour are refused at construction", () => {
  for (const options of [
    { ttlSeconds: -1 },
    { ttlSweepIntervalMs: 0 },
    { refreshTtlOnRead: "yes" as unknown as boolean },
    { index: { dims: 0, embed: async () => [] } },
    { index: { dims: 3, embed: "model" as never } },
    { index: { dims: 3, embed: async () => [], fields: ["a[x]"] } },
  ]) {
    expect(() => storeWith(options)).toThrow(InvalidConfigError);
  }
  expect(() => new PostgresStore({ pool: {} as pg.Pool })).toThrow(InvalidConfigError);
});

it("a silent server: every call ends with BackendUnavailableError within its deadline", async () => {
  const { server, port } = await silentServer();
  const silentPool = new pg.Pool({ host: "127.0.0.1", port, password: "s3cret-store", max: 1 });
  silentPool.on("error", () => {});
  try {
    const store = new PostgresStore({
      pool: silentPool,
      connectionTimeoutMs: 300,
      queryTimeoutMs: 300,
    });
    for (const call of [
      () => store.setup(),
      () => store.get(["a"], "k"),
      () => store.put(["a"], "k", { v: 1 }),
    ]) {
      const { error } = await failureWithin(call(), 10_000);
      expect(BackendUnavailableError.isInstance(error)).toBe(true);
      expect(String((error as Error).message)).not.toContain("s3cret-store");
    }
  } finally {
    await silentPool.end().catch(() => {});
    server.close();
  }
});

it("a closed port: BackendUnavailableError, no unhandled error", async () => {
  const refusing = new pg.Pool({ host: "127.0.0.1", port: await closedPort(), max: 1 });
  refusing.on("error", () => {});
  const store = new PostgresStore({ pool: refusing, connectionTimeoutMs: 1000 });
  const error = await failureOf(store.search(["a"], { query: "x" }));
  expect(BackendUnavailableError.isInstance(error)).toBe(true);
  await refusing.end();
});
