import type { StoreCreateOptions, StoreHarness } from "@checkpointkit/conformance";
import pg from "pg";
import { PostgresStore, type PostgresStoreIndexConfig } from "../../src/store/index.js";
import { uniqueSchemaName } from "../support/test-database.js";

/** How one test file's stores are made: their pool, and extra index settings. */
export interface SchemaStoreSettings {
  name: string;
  pool(): pg.Pool;
  index?: Partial<PostgresStoreIndexConfig>;
  /** Checks on a store just set up (which vector search it found, its indexes). */
  afterSetup?(store: PostgresStore, pool: pg.Pool, options?: StoreCreateOptions): Promise<void>;
}

/**
 * A store suite harness: each store gets its own pool and schema (dropped by `destroy`),
 * the suite's TTL with a fast background sweep, and the suite's index plus `settings.index`.
 */
export function schemaStoreHarness(settings: SchemaStoreSettings): StoreHarness<PostgresStore> {
  const pools = new Map<PostgresStore, pg.Pool>();
  return {
    name: settings.name,
    async create(options?: StoreCreateOptions) {
      const pool = settings.pool();
      const store = new PostgresStore({
        pool,
        schema: uniqueSchemaName("ck_store"),
        ...(options?.ttlSeconds === undefined
          ? {}
          : { ttlSeconds: options.ttlSeconds, ttlSweepIntervalMs: 250 }),
        ...(options?.index === undefined ? {} : { index: { ...options.index, ...settings.index } }),
      });
      pools.set(store, pool);
      await store.setup();
      await settings.afterSetup?.(store, pool, options);
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
  };
}
