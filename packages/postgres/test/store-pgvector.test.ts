import { createFakeEmbedding, describeStore } from "@checkpointkit/conformance";
import pg from "pg";
import {
  MAX_KEY_BYTES,
  MAX_NAMESPACE_BYTES,
  PostgresStore,
  type PostgresStoreIndexConfig,
} from "../src/store/index.js";
import { type PgliteServer, startPgliteServer } from "./store-support/pglite-server.js";
import { schemaStoreHarness } from "./store-support/schema-store-harness.js";
import { uniqueSchemaName } from "./support/test-database.js";

/**
 * The store on a server WITH pgvector: PGlite and its `vector` extension, served over the
 * wire protocol by a child process (the machine's PostgreSQL has no pgvector package).
 */
let server: PgliteServer | undefined;

beforeAll(async () => {
  server = await startPgliteServer();
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

/**
 * PGlite serves every connection from ONE backend session, so named prepared statements of
 * two connections collide ("already exists"): one connection per store, kept open.
 */
function pgliteUrlPool(): pg.Pool {
  if (server === undefined) throw new Error("the PGlite server is not running");
  const pool = new pg.Pool({ connectionString: server.url, max: 1, idleTimeoutMillis: 0 });
  pool.on("error", () => {});
  return pool;
}

/** Both pgvector modes run the whole suite; every indexed store must find pgvector and HNSW. */
for (const vectorSearch of ["auto", "approximate"] as const) {
  describeStore(
    schemaStoreHarness({
      name: `PostgresStore (pgvector on PGlite, vectorSearch "${vectorSearch}")`,
      pool: pgliteUrlPool,
      index: { vectorSearch },
      async afterSetup(store, pool, options) {
        if (options?.index === undefined) return;
        expect(store.vectorSupport.scoring).toBe(vectorSearch === "auto" ? "pgvector" : "hnsw");
        const { rows } = await pool.query(
          "SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'store_vectors_hnsw'",
          [store.schema.name],
        );
        expect(rows[0]?.indexdef).toContain("USING hnsw (embedding_vector vector_cosine_ops)");
      },
    }),
    { ttl: true, maxNamespaceBytes: MAX_NAMESPACE_BYTES, maxKeyBytes: MAX_KEY_BYTES },
  );
}

describe('vectorSearch "approximate" on a large namespace', () => {
  const embedding = createFakeEmbedding(32);
  let store: PostgresStore;
  let pool: pg.Pool;

  beforeAll(async () => {
    pool = pgliteUrlPool();
    const index: PostgresStoreIndexConfig = {
      dims: 32,
      embed: (texts) => embedding.embed(texts),
      fields: ["text"],
      vectorSearch: "approximate",
    };
    store = new PostgresStore({ pool, schema: uniqueSchemaName("ck_store_ann"), index });
    await store.setup();
    for (const [part, count] of [
      ["most", 1800],
      ["rest", 200],
    ] as const) {
      await store.batch(
        Array.from({ length: count }, (_, position) => ({
          namespace: [part],
          key: `${part}-${position}`,
          value: { text: `${part} refund invoice ${position} duplicate charge` },
        })),
      );
    }
    await pool.query(`ANALYZE ${pg.escapeIdentifier(store.schema.name)}.store_vectors`);
  }, 120_000);

  afterAll(async () => {
    await store.close();
    await pool.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(store.schema.name)} CASCADE`);
    await pool.end();
  });

  it("the nearest-neighbour query of an unfiltered search is served by the HNSW index", async () => {
    const [query] = await embedding.embed(["refund invoice"]);
    const { rows } = await pool.query(
      `EXPLAIN SELECT v.key FROM ${pg.escapeIdentifier(store.schema.name)}.store_vectors AS v
       ORDER BY v.embedding_vector <=> $1::vector LIMIT 40`,
      [`[${query?.join(",")}]`],
    );
    expect(rows.map((row) => row["QUERY PLAN"]).join("\n")).toContain(
      "Index Scan using store_vectors_hnsw",
    );
  });

  it("the candidates of a prefix keep coming past hnsw.ef_search: the index scan is iterative", async () => {
    const [query] = await embedding.embed(["refund invoice duplicate"]);
    const vector = `[${query?.join(",")}]`;
    const schema = pg.escapeIdentifier(store.schema.name);
    // The situation: a plain HNSW scan stops after ef_search (40) vectors, some of them
    // outside the prefix, so it finds fewer than 40 under it.
    await pool.query("SET hnsw.iterative_scan = off");
    const plain = await pool.query(
      `SELECT count(*)::int AS found FROM (SELECT v.key FROM ${schema}.store_vectors AS v
       WHERE v.namespace_path = 'most' ORDER BY v.embedding_vector <=> $1::vector LIMIT 40) AS nearest`,
      [vector],
    );
    expect(plain.rows[0]?.found).toBeLessThan(40);
    const nearest = await pool.query(
      `SELECT count(*)::int AS found FROM ${schema}.store_nearest_vectors($1::vector, 'most', 40)`,
      [vector],
    );
    expect(nearest.rows[0]?.found).toBe(40);

    const results = await store.search(["most"], { query: "refund invoice duplicate", limit: 10 });
    expect(results).toHaveLength(10);
    expect(results.every((item) => item.namespace[0] === "most")).toBe(true);
    const scores = results.map((item) => item.score ?? Number.NaN);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});
