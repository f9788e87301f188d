/**
 * A tiered saver (in-process flusher) in a process of its own, for faults that would end the
 * process: its PostgreSQL connections carry `application_name` so the test can terminate
 * exactly them. Configured by the JSON in TIERED_WORKER; prints `PUT <thread> <id>` per
 * acknowledged put, then `FLUSHED` once `flush()` resolved, then `CLOSED` and exits 0.
 */

import { PostgresSaver } from "@checkpointkit/postgres";
import { Redis } from "ioredis";
import pg from "pg";
import { TieredSaver } from "../../src/index.js";
import { PostgresColdTier } from "../../src/postgres.js";
import { putChain } from "../support/checkpoints.js";

interface WorkerConfig {
  redisUrl: string;
  postgresUrl: string;
  schema: string;
  keyPrefix: string;
  applicationName: string;
  threadId: string;
  count: number;
}

const config = JSON.parse(process.env.TIERED_WORKER ?? "{}") as WorkerConfig;

async function run(): Promise<void> {
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
  const pool = new pg.Pool({
    connectionString: config.postgresUrl,
    application_name: config.applicationName,
    max: 4,
  });
  pool.on("error", () => {});
  const saver = new TieredSaver({
    redis,
    cold: new PostgresColdTier({ saver: new PostgresSaver({ pool, schema: config.schema }) }),
    keyPrefix: config.keyPrefix,
    shardCount: 4,
    durableWhen: () => false,
    flusher: { pollIntervalMs: 20, retryBaseDelayMs: 20, retryMaxDelayMs: 200 },
  });
  saver.events.on("retry", ({ error }) => process.stderr.write(`RETRY ${String(error)}\n`));
  await saver.setup();
  const ids = await putChain(saver, config.threadId, config.count);
  for (const id of ids) process.stdout.write(`PUT ${config.threadId} ${id}\n`);
  await saver.flush(undefined, { timeoutMs: 30_000 });
  process.stdout.write("FLUSHED\n");
  await saver.close();
  await pool.end();
  redis.disconnect();
  process.stdout.write("CLOSED\n");
}

run().catch((error) => {
  process.stderr.write(`worker failed: ${String(error?.stack ?? error)}\n`);
  process.exit(1);
});
