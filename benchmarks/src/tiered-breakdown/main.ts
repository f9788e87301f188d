/**
 * Where the tiered saver's support-graph time goes, against the plain RedisSaver: the same
 * graph on fresh threads, one at a time, with the tiered saver's two costs beyond Redis
 * switched on and off — its flusher (worker thread, in-process, none) and the synchronous
 * write-through of the final checkpoint (`durableWhen` default, or never). Variants run
 * interleaved in rounds against the benchmark's own servers, median per variant.
 *
 *   pnpm --filter @checkpointkit/benchmarks exec node --import tsx src/tiered-breakdown/main.ts
 *
 * BREAKDOWN_THREADS (default 150) threads per variant and round, BREAKDOWN_ROUNDS (default 3).
 */
import { PostgresSaver } from "@checkpointkit/postgres";
import { RedisSaver } from "@checkpointkit/redis";
import { type DurableWhen, TieredSaver, type TieredSaverOptions } from "@checkpointkit/tiered";
import { PostgresColdTier } from "@checkpointkit/tiered/postgres";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { Redis } from "ioredis";
import pg from "pg";
import { uniqueStorageName } from "../savers/unique-name.js";
import { loadSupportGraph } from "../scenarios/support-graph-loader.js";
import { startBenchServers } from "../servers/bench-servers.js";

const THREADS = Number(process.env.BREAKDOWN_THREADS ?? 150);
const ROUNDS = Number(process.env.BREAKDOWN_ROUNDS ?? 3);
const WARMUP_THREADS = 10;

interface Built {
  saver: BaseCheckpointSaver;
  close(): Promise<void>;
}

interface Variant {
  name: string;
  build(redisUrl: string, postgresUrl: string): Promise<Built>;
}

type VariantOptions = Pick<TieredSaverOptions, "flusher" | "durableWhen">;

function tieredVariant(name: string, options: VariantOptions): Variant {
  return {
    name,
    build: async (redisUrl, postgresUrl) => {
      const storage = uniqueStorageName();
      const redis = new Redis(redisUrl);
      const pool = new pg.Pool({ connectionString: postgresUrl });
      const saver = new TieredSaver({
        redis,
        cold: new PostgresColdTier({ saver: new PostgresSaver({ pool, schema: storage }) }),
        keyPrefix: `${storage}:`,
        ...options,
      });
      await saver.setup();
      return {
        saver,
        close: async () => {
          await saver.close();
          await pool.query(`DROP SCHEMA IF EXISTS "${storage}" CASCADE`);
          await pool.end();
          redis.disconnect();
        },
      };
    },
  };
}

const never: DurableWhen = () => false;
const variants: Variant[] = [
  {
    name: "RedisSaver",
    build: async (redisUrl) => {
      const redis = new Redis(redisUrl);
      const saver = new RedisSaver({ client: redis, keyPrefix: `${uniqueStorageName()}:` });
      return { saver, close: async () => redis.disconnect() };
    },
  },
  tieredVariant("tiered: default (worker flusher, final checkpoint written through)", {
    flusher: {},
  }),
  tieredVariant("tiered: worker flusher, no write-through", { flusher: {}, durableWhen: never }),
  tieredVariant("tiered: in-process flusher, no write-through", {
    flusher: { mode: "in-process" },
    durableWhen: never,
  }),
  tieredVariant("tiered: no flusher, final checkpoint written through", { flusher: false }),
  tieredVariant("tiered: no flusher, no write-through (the hot path alone)", {
    flusher: false,
    durableWhen: never,
  }),
];

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const servers = await startBenchServers();
try {
  if (servers.redisUrl === undefined || servers.postgresUrl === undefined) {
    throw new Error(`needs Redis and PostgreSQL: ${JSON.stringify(servers.unavailable)}`);
  }
  const graphModule = await loadSupportGraph();
  const msPerThread = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const variant of variants) {
      const built = await variant.build(servers.redisUrl, servers.postgresUrl);
      try {
        const graph = graphModule.compile(built.saver);
        const run = (threadId: string) =>
          graph.invoke(graphModule.caseInput(), { configurable: { thread_id: threadId } });
        for (let index = 0; index < WARMUP_THREADS; index += 1) await run(`warm-${index}`);
        const started = performance.now();
        for (let index = 0; index < THREADS; index += 1) await run(`thread-${index}`);
        const list = msPerThread.get(variant.name) ?? [];
        list.push((performance.now() - started) / THREADS);
        msPerThread.set(variant.name, list);
      } finally {
        await built.close();
      }
    }
  }
  const redisMs = median(msPerThread.get("RedisSaver") ?? [Number.NaN]);
  console.log(`| variant | ms per thread (median of ${ROUNDS}) | threads/s ÷ RedisSaver |`);
  console.log("| --- | --- | --- |");
  for (const [name, list] of msPerThread) {
    const ms = median(list);
    console.log(`| ${name} | ${ms.toFixed(2)} | ${(redisMs / ms).toFixed(2)}× |`);
  }
} finally {
  await servers.stop();
}
