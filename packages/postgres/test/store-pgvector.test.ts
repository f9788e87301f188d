import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { describeStore, type StoreCreateOptions } from "@checkpointkit/conformance";
import pg from "pg";
import { MAX_KEY_BYTES, MAX_NAMESPACE_BYTES, PostgresStore } from "../src/store/index.js";
import { uniqueSchemaName } from "./support/test-database.js";

/**
 * The store suite on a server WITH pgvector: PGlite and its `vector` extension, served over
 * the wire protocol by a child process (the machine's PostgreSQL has no pgvector package).
 * Every indexed store must find pgvector, add the generated vector column and HNSW index,
 * and still rank like the brute-force reference (to float4 precision).
 */
let server: ChildProcess | undefined;
let url = "";

async function startPgliteServer(): Promise<void> {
  const child = spawn(process.execPath, [path.join(__dirname, "store-pgvector-server.mjs")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  server = child;
  url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const port = /READY (\d+)/.exec(output)?.[1];
      if (port !== undefined) resolve(`postgres://postgres@127.0.0.1:${port}/postgres`);
    });
    child.once("exit", (code) => reject(new Error(`the PGlite server exited with ${code}`)));
  });
}

const pools = new Map<PostgresStore, pg.Pool>();

describeStore(
  {
    name: "PostgresStore (pgvector on PGlite)",
    beforeAll: startPgliteServer,
    async afterAll() {
      if (server === undefined) return;
      const exited = new Promise((resolve) => server?.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    },
    async create(options?: StoreCreateOptions) {
      // PGlite serves every connection from ONE backend session, so named prepared statements
      // of two connections collide ("already exists"): one connection per store, kept open.
      const pool = new pg.Pool({ connectionString: url, max: 1, idleTimeoutMillis: 0 });
      pool.on("error", () => {});
      const store = new PostgresStore({
        pool,
        schema: uniqueSchemaName("ck_store_vec"),
        ...(options?.ttlSeconds === undefined
          ? {}
          : { ttlSeconds: options.ttlSeconds, ttlSweepIntervalMs: 250 }),
        ...(options?.index === undefined ? {} : { index: options.index }),
      });
      await store.setup();
      if (options?.index !== undefined) {
        expect(store.vectorSupport.scoring).toBe("pgvector");
        const { rows } = await pool.query(
          "SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'store_vectors_hnsw'",
          [store.schema.name],
        );
        expect(rows[0]?.indexdef).toContain("USING hnsw (embedding_vector vector_cosine_ops)");
      }
      pools.set(store, pool);
      return store;
    },
    async destroy(store: PostgresStore) {
      await store.close();
      const pool = pools.get(store);
      pools.delete(store);
      if (pool === undefined) return;
      await pool.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(store.schema.name)} CASCADE`);
      await pool.end();
    },
  },
  { ttl: true, maxNamespaceBytes: MAX_NAMESPACE_BYTES, maxKeyBytes: MAX_KEY_BYTES },
);
