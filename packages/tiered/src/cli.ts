#!/usr/bin/env node
/**
 * `checkpointkit-flusher`: runs a flusher as a process of its own, for savers created with
 * `flusher: false`. Settings come from flags or environment variables; see `--help`.
 */
import { parseArgs } from "node:util";
import type { ColdTier } from "./cold-tier.js";
import { startFlusher } from "./start-flusher.js";

const HELP = `checkpointkit-flusher — moves a TieredSaver's outbox to its cold tier

  --redis-url URL              or REDIS_URL (required)
  --postgres-url URL           or POSTGRES_URL: PostgreSQL cold tier
  --schema NAME                PostgreSQL schema (default "checkpointkit")
  --cosmos-connection-string S or COSMOS_CONNECTION_STRING: Cosmos DB cold tier
  --cosmos-database ID         Cosmos DB database
  --cosmos-container ID        Cosmos DB container
  --key-prefix PREFIX          must match the savers' keyPrefix (default "checkpointkit:")
  --shard-count N              must match the savers' shardCount (default 64)
  --batch-size N               entries per cold batch (default 500)
  --poll-interval-ms MS        idle wait between outbox reads (default 50)
  --claim-idle-ms MS           take over entries of flushers silent this long (default 30000)
  --hot-ttl-seconds S          drop flushed threads idle this long from Redis (default 3600, 0 = never)
  --drain-timeout-ms MS        on SIGTERM/SIGINT, keep flushing this long (default 10000)

Prints one JSON line of counters every 10 s, and one per dead-lettered entry on stderr.`;

const { values } = parseArgs({
  options: {
    "redis-url": { type: "string" },
    "postgres-url": { type: "string" },
    schema: { type: "string" },
    "cosmos-connection-string": { type: "string" },
    "cosmos-database": { type: "string" },
    "cosmos-container": { type: "string" },
    "key-prefix": { type: "string" },
    "shard-count": { type: "string" },
    "batch-size": { type: "string" },
    "poll-interval-ms": { type: "string" },
    "claim-idle-ms": { type: "string" },
    "hot-ttl-seconds": { type: "string" },
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
    const saver = PostgresSaver.fromConnString(postgresUrl, { schema: values.schema });
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

async function main(): Promise<void> {
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const redisUrl = values["redis-url"] ?? process.env.REDIS_URL;
  if (!redisUrl) throw new Error("--redis-url (or REDIS_URL) is required");
  const { Redis } = await import("ioredis");
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const { cold, release } = await coldTierFromArgs();
  const hotTtlSeconds = integer("hot-ttl-seconds");
  const flusher = await startFlusher({
    redis,
    cold,
    keyPrefix: values["key-prefix"],
    shardCount: integer("shard-count"),
    batchSize: integer("batch-size"),
    pollIntervalMs: integer("poll-interval-ms"),
    claimIdleMs: integer("claim-idle-ms"),
    hotTtlSeconds: hotTtlSeconds === 0 ? null : hotTtlSeconds,
  });
  flusher.on("deadLetter", (event) => {
    process.stderr.write(
      `${JSON.stringify({ deadLetter: { ...event, error: String(event.error) } })}\n`,
    );
  });
  flusher.on("error", (error) =>
    process.stderr.write(`${JSON.stringify({ error: String(error) })}\n`),
  );
  const report = setInterval(() => {
    process.stdout.write(
      `${JSON.stringify({ consumer: flusher.consumerName, ...flusher.counters })}\n`,
    );
  }, 10_000);
  const shutdown = async () => {
    clearInterval(report);
    await flusher.stop({ drainTimeoutMs: integer("drain-timeout-ms") ?? 10_000 });
    await cold.close();
    await release();
    redis.disconnect();
  };
  process.once("SIGTERM", () => void shutdown());
  process.once("SIGINT", () => void shutdown());
}

main().catch((error: unknown) => {
  process.stderr.write(
    `checkpointkit-flusher: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
