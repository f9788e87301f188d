import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { Redis } from "ioredis";
import type pg from "pg";
import { RoundTripCounter } from "../measure/round-trip-counter.js";
import { loadPackageExports, loadSaverClass } from "./checkpointkit-package.js";
import { countedPostgresPool, dropSchemaAndEnd } from "./postgres-connection.js";
import { connectCountedRedis, deleteKeysAndQuit } from "./redis-connection.js";
import {
  type SaverPlugin,
  SaverUnavailableError,
  type SaverVariantOptions,
} from "./saver-plugin.js";
import { uniqueStorageName } from "./unique-name.js";

/** The parts of `@checkpointkit/tiered`'s `TieredSaver` the benchmark drives. */
interface TieredSaverInstance extends BaseCheckpointSaver {
  setup(): Promise<void>;
  flush(threadId?: string, options?: { timeoutMs?: number }): Promise<void>;
  metrics(): Promise<{ backlog: number; lagMs: number }>;
  close(): Promise<void>;
}

type PostgresSaverClass = new (options: { pool: pg.Pool; schema: string }) => BaseCheckpointSaver;
type PostgresColdTierClass = new (options: { saver: BaseCheckpointSaver }) => object;
type TieredSaverClass = new (
  options: {
    redis: Redis;
    cold: object;
    keyPrefix: string;
    flusher: false | { mode?: "worker" | "in-process" };
  } & SaverVariantOptions,
) => TieredSaverInstance;
type StartFlusher = (options: {
  redis: Redis;
  cold: object;
  keyPrefix: string;
  setupCold: boolean;
}) => Promise<{ stop(options?: { drainTimeoutMs?: number }): Promise<void> }>;

/** Longest `flush()` may wait; a flush that cannot finish is a failure of the scenario, not a hang. */
const FLUSH_TIMEOUT_MS = 120_000;

/**
 * Unset: the tiered saver with default options. `before`: the saver as it was before
 * issue 13's second pass, for before/after figures: a flusher on this process's event loop and
 * no cold-thread record (its markers deleted after setup, so every new thread reads the cold
 * tier on its first getTuple).
 */
const VARIANT_VARIABLE = "CHECKPOINTKIT_BENCH_TIERED";

/**
 * `@checkpointkit/tiered`: Redis hot tier, `@checkpointkit/postgres` as the cold tier, with
 * default options: the saver's own flusher in its worker thread (its own connections, not
 * counted: a put's round trips are the put's alone). With `CHECKPOINTKIT_BENCH_TIERED=before`,
 * the setup before issue 13's second pass: a flusher on this process's event loop, with its
 * own Redis client and pool and their own counter (reported separately), and no cold-thread
 * record.
 */
export const checkpointkitTieredSaverPlugin: SaverPlugin = {
  id: "checkpointkit-tiered",
  label: "checkpointkit TieredSaver (Redis → Postgres)",
  floorBackend: "redis",
  prepare: async (servers) => {
    const tiered = await loadPackageExports("tiered", ["TieredSaver", "startFlusher"]);
    const coldTier = await loadPackageExports("tiered", ["PostgresColdTier"], "postgres");
    const TieredSaver = tiered.TieredSaver as TieredSaverClass;
    const PostgresColdTier = coldTier.PostgresColdTier as PostgresColdTierClass;
    const startFlusher = tiered.startFlusher as StartFlusher;
    const PostgresSaver = (await loadSaverClass("postgres", "PostgresSaver")) as PostgresSaverClass;
    const { redisUrl, postgresUrl } = servers;
    if (redisUrl === undefined) {
      throw new SaverUnavailableError(servers.unavailable.redis ?? "no Redis server");
    }
    if (postgresUrl === undefined) {
      throw new SaverUnavailableError(servers.unavailable.postgres ?? "no PostgreSQL server");
    }
    const inProcess = process.env[VARIANT_VARIABLE] === "before";
    return {
      create: async (variantOptions = {}) => {
        if (!inProcess)
          return createWithWorker(
            TieredSaver,
            PostgresColdTier,
            PostgresSaver,
            servers,
            variantOptions,
          );
        const counter = new RoundTripCounter();
        const client = await connectCountedRedis(redisUrl, counter);
        const pool = countedPostgresPool(postgresUrl, counter);
        const flusherCounter = new RoundTripCounter();
        const flusherClient = await connectCountedRedis(redisUrl, flusherCounter);
        const flusherPool = countedPostgresPool(postgresUrl, flusherCounter);
        const name = uniqueStorageName();
        const coldTier = (targetPool: pg.Pool) =>
          new PostgresColdTier({ saver: new PostgresSaver({ pool: targetPool, schema: name }) });
        const saver = new TieredSaver({
          redis: client,
          cold: coldTier(pool),
          keyPrefix: name,
          flusher: false,
          ...variantOptions,
        });
        await saver.setup();
        await client.del(...coldRecordMarkers(name));
        const flusher = await startFlusher({
          redis: flusherClient,
          cold: coldTier(flusherPool),
          keyPrefix: name,
          setupCold: false,
        });
        return {
          saver,
          counter,
          tiered: {
            flush: () => saver.flush(undefined, { timeoutMs: FLUSH_TIMEOUT_MS }),
            flushLagMs: async () => (await saver.metrics()).lagMs,
            backlog: async () => (await saver.metrics()).backlog,
            flusherRoundTrips: () => flusherCounter.roundTrips,
          },
          dispose: async () => {
            try {
              await flusher.stop({ drainTimeoutMs: 5_000 });
              await saver.close();
            } finally {
              flusherClient.disconnect();
              await flusherPool.end();
              await deleteKeysAndQuit(client, name);
              await dropSchemaAndEnd(pool, name);
            }
          },
        };
      },
    };
  },
};

/** The tiered saver with default options: its flusher runs in a worker thread. */
async function createWithWorker(
  TieredSaver: TieredSaverClass,
  PostgresColdTier: PostgresColdTierClass,
  PostgresSaver: PostgresSaverClass,
  servers: { redisUrl?: string; postgresUrl?: string },
  variantOptions: SaverVariantOptions,
) {
  const counter = new RoundTripCounter();
  const client = await connectCountedRedis(servers.redisUrl!, counter);
  const pool = countedPostgresPool(servers.postgresUrl!, counter);
  const name = uniqueStorageName();
  const saver = new TieredSaver({
    redis: client,
    cold: new PostgresColdTier({ saver: new PostgresSaver({ pool, schema: name }) }),
    keyPrefix: name,
    flusher: {},
    ...variantOptions,
  });
  await saver.setup();
  return {
    saver,
    counter,
    tiered: {
      flush: () => saver.flush(undefined, { timeoutMs: FLUSH_TIMEOUT_MS }),
      flushLagMs: async () => (await saver.metrics()).lagMs,
      backlog: async () => (await saver.metrics()).backlog,
      // The worker's connections are its own, not counted.
      flusherRoundTrips: () => undefined,
    },
    dispose: async () => {
      try {
        await saver.close();
      } finally {
        await deleteKeysAndQuit(client, name);
        await dropSchemaAndEnd(pool, name);
      }
    },
  };
}

/** The tiered saver's per-shard `cold-record` markers (64 shards by default). */
function coldRecordMarkers(keyPrefix: string): string[] {
  return Array.from({ length: 64 }, (_, shard) => `${keyPrefix}{${shard}}:cold-record`);
}
