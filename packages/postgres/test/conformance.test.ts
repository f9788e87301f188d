import { describeCheckpointSaver, type SaverHarness } from "@checkpointkit/conformance";
import pg from "pg";
import { PostgresSaver } from "../src/index.js";
import { createTestPool, uniqueSchemaName } from "./support/test-database.js";

const pools = new Map<PostgresSaver, pg.Pool>();

const harness: SaverHarness<PostgresSaver> = {
  name: "PostgresSaver",
  async create(options?: Parameters<SaverHarness["create"]>[0]) {
    const pool = createTestPool();
    const saver = new PostgresSaver({
      pool,
      schema: uniqueSchemaName("ck_conformance"),
      ttlSeconds: options?.ttlSeconds,
      // PostgreSQL has no native TTL: the saver's background sweep enforces it.
      ttlSweepIntervalMs: options?.ttlSeconds === undefined ? undefined : 250,
    });
    await saver.setup();
    pools.set(saver, pool);
    return saver;
  },
  async destroy(saver: PostgresSaver) {
    await saver.close();
    const pool = pools.get(saver);
    pools.delete(saver);
    if (pool === undefined) return;
    await pool.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(saver.schema.name)} CASCADE`);
    await pool.end();
  },
};

describeCheckpointSaver(harness, {
  prune: true,
  copyThread: true,
  ttl: true,
});
