import { randomUUID } from "node:crypto";
import { createCosmosTestClient } from "@checkpointkit/conformance";
import type { HistoryMode } from "@checkpointkit/core";
import { CosmosSaver } from "@checkpointkit/cosmos";
import { PostgresSaver } from "@checkpointkit/postgres";
import { Redis } from "ioredis";
import pg from "pg";
import type { ColdTier } from "../../src/cold-tier.js";
import { CosmosColdTier } from "../../src/cosmos.js";
import { TieredSaver, type TieredSaverOptions } from "../../src/index.js";
import { PostgresColdTier } from "../../src/postgres.js";

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`${name} is not set by the jest preset`);
  return value;
}

export function newRedisClient(url = requiredEnv("REDIS_URL")): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1 });
}

export function freshKeyPrefix(label = "tiered"): string {
  return `ck-${label}-${randomUUID()}:`;
}

/** A cold tier over fresh storage, and how to drop it. */
export interface TestColdTier {
  cold: ColdTier;
  drop(): Promise<void>;
}

export interface TestPostgresColdTier extends TestColdTier {
  pool: pg.Pool;
  schema: string;
  /** Checkpoint ids per thread as stored in PostgreSQL, duplicates included. */
  storedCheckpointIds(): Promise<Map<string, string[]>>;
}

export async function postgresColdTier(
  url = requiredEnv("POSTGRES_URL"),
  schema = `ck_tiered_${randomUUID().replaceAll("-", "").slice(0, 16)}`,
): Promise<TestPostgresColdTier> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  pool.on("error", () => {});
  const cold = new PostgresColdTier({ saver: new PostgresSaver({ pool, schema }) });
  return {
    cold,
    pool,
    schema,
    async storedCheckpointIds() {
      const { rows } = await pool.query<{ thread_id: string; checkpoint_id: string }>(
        `SELECT thread_id, checkpoint_id FROM ${pg.escapeIdentifier(schema)}.checkpoints ORDER BY checkpoint_id`,
      );
      const byThread = new Map<string, string[]>();
      for (const row of rows)
        byThread.set(row.thread_id, [...(byThread.get(row.thread_id) ?? []), row.checkpoint_id]);
      return byThread;
    },
    async drop() {
      await pool
        .query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`)
        .catch(() => {});
      await pool.end();
    },
  };
}

/** A Cosmos DB cold tier over a fresh container; its saver keeps `history` (default full). */
export async function cosmosColdTier(
  plugins?: Parameters<typeof createCosmosTestClient>[1],
  history: HistoryMode = "full",
): Promise<TestColdTier & { saver: CosmosSaver }> {
  const client = createCosmosTestClient(
    {
      endpoint: requiredEnv("COSMOS_ENDPOINT"),
      key: requiredEnv("COSMOS_KEY"),
      external: true,
      stop: async () => {},
    },
    plugins,
  );
  const databaseId = "ck-tiered";
  const containerId = `c-${randomUUID()}`;
  const container = client.database(databaseId).container(containerId);
  const saver = new CosmosSaver({ container: container as never, history });
  const cold = new CosmosColdTier({ saver, setupOptions: { createIfNotExists: true } });
  return {
    cold,
    saver,
    async drop() {
      await container.delete().catch(() => {});
      client.dispose();
    },
  };
}

/**
 * A tiered saver over a fresh key prefix, set up (flusher running). The helper's own
 * flusher runs in-process: a worker thread started from TypeScript source compiles the
 * flusher's modules on every start, which the suites creating a saver per spec cannot
 * afford. Tests passing `flusher` options of their own get the default mode (a worker
 * thread), and flusher-worker.test.ts covers it explicitly.
 */
export async function tieredSaver(
  redis: Redis,
  cold: ColdTier,
  options: Partial<TieredSaverOptions> = {},
  Saver: typeof TieredSaver = TieredSaver,
): Promise<TieredSaver> {
  const saver = new Saver({
    redis,
    cold,
    keyPrefix: freshKeyPrefix(),
    shardCount: 8,
    flusher: { pollIntervalMs: 20, mode: "in-process" },
    ...options,
  });
  await saver.setup();
  return saver;
}
