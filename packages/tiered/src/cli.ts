#!/usr/bin/env node
/**
 * `checkpointkit-flusher`: runs a flusher as a process of its own, for savers created with
 * `flusher: false`. Settings come from flags or environment variables; see `--help`.
 */
import { parseArgs } from "node:util";
import { BackendUnavailableError } from "@checkpointkit/core";
import { backoffDelayMs, sleep } from "./backoff.js";
import type { ColdTier } from "./cold-tier.js";
import { startFlusher } from "./start-flusher.js";

const HELP = `checkpointkit-flusher — moves a TieredSaver's outbox to its cold tier

  --redis-url URL              or REDIS_URL (required)
  --postgres-url URL           or POSTGRES_URL: PostgreSQL cold tier
  --schema NAME                PostgreSQL schema (default "checkpointkit")
  --history full|latest        PostgreSQL: the savers' history mode (default "full")
  --cosmos-connection-string S or COSMOS_CONNECTION_STRING: Cosmos DB cold tier
  --cosmos-database ID         Cosmos DB database
  --cosmos-container ID        Cosmos DB container
  --key-prefix PREFIX          must match the savers' keyPrefix (default "checkpointkit:")
  --shard-count N              must match the savers' shardCount (default 64)
  --batch-size N               entries per cold batch (default 500)
  --poll-interval-ms MS        idle wait between outbox reads (default 50)
  --claim-idle-ms MS           take over entries of flushers silent this long (default 30000)
  --hot-ttl-seconds S          drop flushed threads idle this long from Redis (default 3600, 0 = never)
  --ttl-seconds S              expire threads idle this long from both tiers (the savers' ttlSeconds)
  --drain-timeout-ms MS        on SIGTERM/SIGINT, keep flushing this long (default 10000)

Waits (with backoff) for a cold tier that is unreachable at start-up. Prints one JSON line of
counters every 10 s on stdout; on stderr one line per dead-lettered entry and at most one per
kind of Redis connection error every 10 s. SIGTERM/SIGINT drain, then exit 0.`;

const { values } = parseArgs({
  options: {
    "redis-url": { type: "string" },
    "postgres-url": { type: "string" },
    schema: { type: "string" },
    history: { type: "string" },
    "cosmos-connection-string": { type: "string" },
    "cosmos-database": { type: "string" },
    "cosmos-container": { type: "string" },
    "key-prefix": { type: "string" },
    "shard-count": { type: "string" },
    "batch-size": { type: "string" },
    "poll-interval-ms": { type: "string" },
    "claim-idle-ms": { type: "string" },
    "hot-ttl-seconds": { type: "string" },
    "ttl-seconds": { type: "string" },
    "drain-timeout-ms": { type: "string" },
    help: { type: "boolean" },
  },
});

function integer(name: keyof typeof values): number | undefined {
  const raw = values[name];
  if (raw === undefined || typeof raw !== "string") return undefined;
  const parsed = Number(raw);
  if (!Number.isInteger(parsed)) throw new Error(`--${name} must be an integer, got ${raw}`);
  return parsed;
}

async function coldTierFromArgs(): Promise<{ cold: ColdTier; release(): Promise<void> }> {
  const postgresUrl = values["postgres-url"] ?? process.env.POSTGRES_URL;
  if (postgresUrl) {
    const { PostgresSaver } = await import("@checkpointkit/postgres");
    const { PostgresColdTier } = await import("./postgres-cold-tier.js");
    // A latest-mode tier trims the cold tier as it flushes; the saver refuses any other value.
    const history = values.history as "full" | "latest" | undefined;
    const saver = PostgresSaver.fromConnString(postgresUrl, { schema: values.schema, history });
    return { cold: new PostgresColdTier({ saver }), release: () => saver.close() };
  }
  const connectionString =
    values["cosmos-connection-string"] ?? process.env.COSMOS_CONNECTION_STRING;
  if (connectionString) {
    const { CosmosSaver } = await import("@checkpointkit/cosmos");
    const { CosmosColdTier } = await import("./cosmos-cold-tier.js");
    const saver = CosmosSaver.fromConnectionString(connectionString, {
      databaseId: values["cosmos-database"] ?? "",
      containerId: values["cosmos-container"] ?? "",
    });
    return { cold: new CosmosColdTier({ saver }), release: () => saver.close() };
  }
  throw new Error("name a cold tier: --postgres-url or --cosmos-connection-string");
}

/** First wait, in milliseconds, before setting up a cold tier that was unreachable; doubles. */
const SETUP_RETRY_BASE_MS = 250;
const SETUP_RETRY_MAX_MS = 5_000;
/** The same Redis connection error is reported at most once per this many milliseconds. */
const REDIS_ERROR_REPORT_INTERVAL_MS = 10_000;

function report(line: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

/**
 * Reports errors under `field`, one line per kind of error and interval: ioredis emits
 * `error` on every failed reconnection (and the flusher passes each on, typed).
 */
function throttledErrorReport(field: string): (error: unknown) => void {
  const lastReportAt = new Map<string, number>();
  return (error) => {
    const kind = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const now = Date.now();
    if (now - (lastReportAt.get(kind) ?? 0) < REDIS_ERROR_REPORT_INTERVAL_MS) return;
    lastReportAt.set(kind, now);
    report({ [field]: kind });
  };
}

/** `cold.setup()`, retried with backoff while the cold tier is unreachable, until `signal`. */
async function setupColdTier(cold: ColdTier, signal: AbortSignal): Promise<boolean> {
  for (let attempt = 1; !signal.aborted; attempt++) {
    try {
      await cold.setup();
      return true;
    } catch (error) {
      if (!BackendUnavailableError.isInstance(error)) throw error;
      const delayMs = backoffDelayMs(attempt, SETUP_RETRY_BASE_MS, SETUP_RETRY_MAX_MS);
      report({ waiting: "cold tier unavailable", retryInMs: delayMs, error: error.message });
      await sleep(delayMs, signal);
    }
  }
  return false;
}

async function main(): Promise<void> {
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const redisUrl = values["redis-url"] ?? process.env.REDIS_URL;
  if (!redisUrl) throw new Error("--redis-url (or REDIS_URL) is required");
  const drainTimeoutMs = integer("drain-timeout-ms") ?? 10_000;
  const stopping = new AbortController();
  let stopFlusher: () => Promise<void> = async () => {};
  const { Redis } = await import("ioredis");
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  // Until the flusher listens (it does while running): without a listener ioredis prints
  // `[ioredis] Unhandled error event` for each failed reconnection.
  redis.on("error", throttledErrorReport("redisError"));
  const { cold, release } = await coldTierFromArgs();
  const shutdown = async () => {
    stopping.abort();
    try {
      await stopFlusher();
    } catch (error) {
      report({ error: `while stopping: ${String(error)}` });
    }
    await cold.close().catch(() => {});
    await release().catch(() => {});
    redis.disconnect();
  };
  process.once("SIGTERM", () => void shutdown());
  process.once("SIGINT", () => void shutdown());

  if (!(await setupColdTier(cold, stopping.signal))) return;
  const hotTtlSeconds = integer("hot-ttl-seconds");
  const flusher = await startFlusher({
    redis,
    cold,
    setupCold: false,
    keyPrefix: values["key-prefix"],
    shardCount: integer("shard-count"),
    batchSize: integer("batch-size"),
    pollIntervalMs: integer("poll-interval-ms"),
    claimIdleMs: integer("claim-idle-ms"),
    hotTtlSeconds: hotTtlSeconds === 0 ? null : hotTtlSeconds,
    ttlSeconds: integer("ttl-seconds"),
  });
  flusher.on("deadLetter", (event) =>
    report({ deadLetter: { ...event, error: String(event.error) } }),
  );
  flusher.on("error", throttledErrorReport("error"));
  const counters = setInterval(() => {
    process.stdout.write(
      `${JSON.stringify({ consumer: flusher.consumerName, ...flusher.counters })}\n`,
    );
  }, 10_000);
  stopFlusher = async () => {
    clearInterval(counters);
    await flusher.stop({ drainTimeoutMs });
  };
  // A signal that arrived while the flusher was starting.
  if (stopping.signal.aborted) await stopFlusher();
  report({ flusher: "flusher started", consumer: flusher.consumerName });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `checkpointkit-flusher: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
