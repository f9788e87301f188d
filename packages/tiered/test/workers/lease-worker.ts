/**
 * A process of its own for the lease specs' two-process race: a TieredSaver (own Redis
 * client, own PostgreSQL pool) on the storage named by LEASE_WORKER, serving the spec's
 * requests over the fork IPC channel (see conformance's `serveLeaseWorker`).
 */
import { createRequire } from "node:module";
import { PostgresSaver } from "@checkpointkit/postgres";
import { Redis } from "ioredis";
import pg from "pg";
import { TieredSaver } from "../../src/index.js";
import { PostgresColdTier } from "../../src/postgres.js";

type LeaseWorkerModule = typeof import("@checkpointkit/conformance/lease-worker");

// Its own entry point: the package's main one sets up jest hooks, and there is no jest here.
// Required, not imported: the package is CommonJS whose names Node cannot list for an import.
const { serveLeaseWorker } = createRequire(import.meta.url)(
  "@checkpointkit/conformance/lease-worker",
) as LeaseWorkerModule;

const settings = JSON.parse(process.env.LEASE_WORKER ?? "{}") as {
  redisUrl: string;
  postgresUrl: string;
  schema: string;
  keyPrefix: string;
  shardCount: number;
};
const redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: 1 });
redis.on("error", () => {});
const pool = new pg.Pool({ connectionString: settings.postgresUrl, max: 2 });
pool.on("error", () => {});
const saver = new TieredSaver({
  redis,
  cold: new PostgresColdTier({ saver: new PostgresSaver({ pool, schema: settings.schema }) }),
  keyPrefix: settings.keyPrefix,
  shardCount: settings.shardCount,
  flusher: { mode: "in-process" },
});
serveLeaseWorker(saver);
