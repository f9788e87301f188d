/**
 * A writer or flusher in a process of its own, so fault tests can SIGKILL it. Configured by
 * the JSON in TIERED_WORKER; reports progress as lines on stdout:
 * - `writer`: puts `count` checkpoints round-robin over `threads`, printing `PUT <thread>
 *   <checkpoint id>` as each put resolves, then `DONE`, then idles until killed. Its
 *   in-process flusher keeps running against a slow cold tier (200 ms per batch), so a kill
 *   finds entries in the middle of a flush.
 * - `thread-writer`: the same against the real cold tier, so the saver's flusher runs in its
 *   worker thread (printing `MODE <mode>` first); the SIGKILL ends the thread with the process.
 * - `close-exits`: puts `count` checkpoints with the worker-thread flusher, flushes, closes the
 *   saver and its own clients, prints `CLOSED` and returns: the process must then end by itself.
 * - `stalling-flusher`: flushes, printing `COMMITTED <checkpoints>` after the first cold
 *   commit and then never returning from it, so its entries are never acknowledged.
 */

import { PostgresSaver } from "@checkpointkit/postgres";
import { uuid6 } from "@langchain/langgraph-checkpoint";
import { Redis } from "ioredis";
import pg from "pg";
import { startFlusher, TieredSaver } from "../../src/index.js";
import { PostgresColdTier } from "../../src/postgres.js";
import { wrapColdTier } from "../support/wrapped-cold-tier.js";

interface WorkerConfig {
  mode: "writer" | "thread-writer" | "close-exits" | "stalling-flusher";
  redisUrl: string;
  postgresUrl: string;
  schema: string;
  keyPrefix: string;
  shardCount: number;
  threads?: string[];
  count?: number;
}

const config = JSON.parse(process.env.TIERED_WORKER ?? "{}") as WorkerConfig;
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
const pool = new pg.Pool({ connectionString: config.postgresUrl, max: 4 });
pool.on("error", () => {});
const cold = new PostgresColdTier({ saver: new PostgresSaver({ pool, schema: config.schema }) });

async function runWriter(): Promise<void> {
  const slow = wrapColdTier(cold, () => new Promise((resolve) => setTimeout(resolve, 200)));
  const saver = new TieredSaver({
    redis,
    cold: config.mode === "writer" ? slow : cold,
    keyPrefix: config.keyPrefix,
    shardCount: config.shardCount,
    durableWhen: () => false,
    flusher: { pollIntervalMs: 20, batchSize: 5, hotTtlSeconds: null },
  });
  await saver.setup();
  process.stdout.write(`MODE ${saver.flusherMode}\n`);
  const threads = config.threads ?? ["thread"];
  const parents = new Map<string, string | undefined>();
  for (let step = 0; step < (config.count ?? 1); step++) {
    const threadId = threads[step % threads.length]!;
    const id = uuid6(-1);
    await saver.put(
      {
        configurable: {
          thread_id: threadId,
          checkpoint_ns: "",
          checkpoint_id: parents.get(threadId),
        },
      },
      {
        v: 4,
        id,
        ts: new Date().toISOString(),
        channel_values: { step },
        channel_versions: { step: step + 1 },
        versions_seen: {},
      },
      { source: "loop", step, parents: {} },
      { step: step + 1 },
    );
    parents.set(threadId, id);
    process.stdout.write(`PUT ${threadId} ${id}\n`);
  }
  process.stdout.write("DONE\n");
  if (config.mode !== "close-exits") await new Promise(() => {});
  await saver.flush();
  await saver.close();
  await pool.end();
  await redis.quit();
  process.stdout.write("CLOSED\n");
}

async function runStallingFlusher(): Promise<void> {
  const stalling = {
    ...wrapColdTier(cold, () => {}),
    async writeBatch(batch: Parameters<typeof cold.writeBatch>[0]) {
      await cold.writeBatch(batch);
      process.stdout.write(`COMMITTED ${batch.checkpoints.length}\n`);
      await new Promise(() => {});
    },
  };
  await startFlusher({
    redis,
    cold: stalling,
    keyPrefix: config.keyPrefix,
    shardCount: config.shardCount,
    pollIntervalMs: 20,
    batchSize: 10,
    hotTtlSeconds: null,
  });
  await new Promise(() => {});
}

(config.mode === "stalling-flusher" ? runStallingFlusher() : runWriter()).catch((error) => {
  process.stderr.write(`worker failed: ${String(error?.stack ?? error)}\n`);
  process.exit(1);
});
