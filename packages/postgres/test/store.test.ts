import { describeStore, type StoreCreateOptions } from "@checkpointkit/conformance";
import pg from "pg";
import { MAX_KEY_BYTES, MAX_NAMESPACE_BYTES, PostgresStore } from "../src/store/index.js";
import { createTestPool, uniqueSchemaName } from "./support/test-database.js";

const pools = new Map<PostgresStore, pg.Pool>();

/** The test server has no pgvector: every store here runs the exact search in SQL. */
describeStore(
  {
    name: "PostgresStore (exact search, no pgvector)",
    async create(options?: StoreCreateOptions) {
      const pool = createTestPool();
      const store = new PostgresStore({
        pool,
        schema: uniqueSchemaName("ck_store"),
        ...(options?.ttlSeconds === undefined
          ? {}
          : { ttlSeconds: options.ttlSeconds, ttlSweepIntervalMs: 250 }),
        ...(options?.index === undefined ? {} : { index: options.index }),
      });
      await store.setup();
      expect(store.vectorSupport.scoring).toBe("exact");
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
