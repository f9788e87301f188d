/**
 * `pnpm bench` — put latency of TieredSaver vs RedisSaver, flush throughput into PostgreSQL,
 * and flush lag at a steady 500 puts/s. Uses REDIS_URL / POSTGRES_URL when set, else starts
 * private servers. Numbers depend on the machine; run on an otherwise idle one.
 */
import { performance } from "node:perf_hooks";
import { PostgresSaver } from "@checkpointkit/postgres";
import { RedisSaver } from "@checkpointkit/redis";
import { type Checkpoint, uuid6 } from "@langchain/langgraph-checkpoint";
import { Redis } from "ioredis";
import pg from "pg";
import { Flusher, TieredSaver } from "../src/index.js";
import { PostgresColdTier } from "../src/postgres.js";

/**
 * The conformance package's server starters, from its server modules: its index also loads
 * the jest specs, which need a jest runtime.
 */
async function serverStarters() {
  const servers: typeof import("../../conformance/src/servers/index.js") = await import(
    "../../conformance/src/servers/index.js"
  );
  return servers;
}

const PUTS = Number(process.env.BENCH_PUTS ?? 3000);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 20000);
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 20);
const RATE_PER_SECOND = 500;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return `mean ${mean.toFixed(3)} ms, p50 ${percentile(sorted, 50).toFixed(3)} ms, p99 ${percentile(sorted, 99).toFixed(3)} ms`;
}

/** A LangGraph-like step: a growing message list, a counter, a routing channel. */
function step(threadId: string, index: number, parentId: string | undefined) {
  const checkpoint: Checkpoint = {
    v: 4,
    id: uuid6(-1),
    ts: new Date().toISOString(),
    channel_values: {
      messages: [{ role: "user", content: `message ${index} ${"x".repeat(200)}` }],
      counter: index,
      "branch:to:agent": null,
    },
    channel_versions: { messages: index + 1, counter: index + 1, "branch:to:agent": index + 1 },
    versions_seen: { agent: { messages: index } },
  };
  return {
    config: { configurable: { thread_id: threadId, checkpoint_ns: "", checkpoint_id: parentId } },
    checkpoint,
    metadata: { source: "loop" as const, step: index, parents: {} },
    newVersions: { messages: index + 1, counter: index + 1, "branch:to:agent": index + 1 },
  };
}

/** Rounds of puts per saver, taken in turn, so warm-up and machine noise hit all alike. */
async function timePutsInTurn(savers: Record<string, RedisSaver | TieredSaver>) {
  const samples: Record<string, number[]> = {};
  const rounds = 5;
  for (let round = 0; round < rounds; round++) {
    for (const [label, saver] of Object.entries(savers)) {
      const taken = await timePuts(saver, `${label}-${round}`, Math.ceil(PUTS / rounds));
      samples[label] = [...(samples[label] ?? []), ...taken];
    }
  }
  return samples;
}

async function timePuts(
  saver: RedisSaver | TieredSaver,
  label: string,
  count: number,
): Promise<number[]> {
  const parents = new Map<string, string>();
  const samples: number[] = [];
  for (let index = 0; index < count + 200; index++) {
    const threadId = `${label}-${index % 20}`;
    const { config, checkpoint, metadata, newVersions } = step(
      threadId,
      index,
      parents.get(threadId),
    );
    const started = performance.now();
    await saver.put(config, checkpoint, metadata, newVersions);
    if (index >= 200) samples.push(performance.now() - started);
    parents.set(threadId, checkpoint.id);
  }
  return samples;
}

/** Puts at `RATE_PER_SECOND` (50 threads, several in flight) for `seconds`; returns each put's latency. */
async function putAtSteadyRate(
  saver: RedisSaver | TieredSaver,
  label: string,
  seconds: number,
): Promise<number[]> {
  const parents = new Map<string, string>();
  const latencies: number[] = [];
  const inFlight: Promise<unknown>[] = [];
  const begin = performance.now();
  for (let index = 0; index < RATE_PER_SECOND * seconds; index++) {
    const wait = begin + (index * 1000) / RATE_PER_SECOND - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const threadId = `${label}-${index % 50}`;
    const { config, checkpoint, metadata, newVersions } = step(
      threadId,
      index,
      parents.get(threadId),
    );
    parents.set(threadId, checkpoint.id);
    const started = performance.now();
    inFlight.push(
      saver.put(config, checkpoint, metadata, newVersions).then(() => {
        latencies.push(performance.now() - started);
      }),
    );
  }
  await Promise.all(inFlight);
  return latencies;
}

async function main(): Promise<void> {
  const { startPostgresServer, startRedisServer } = await serverStarters();
  const redisServer = process.env.REDIS_URL ? undefined : await startRedisServer();
  const postgresServer = process.env.POSTGRES_URL ? undefined : await startPostgresServer();
  const redisUrl = process.env.REDIS_URL ?? redisServer!.url;
  const postgresUrl = process.env.POSTGRES_URL ?? postgresServer!.url;
  const redis = new Redis(redisUrl);
  const pool = new pg.Pool({ connectionString: postgresUrl, max: 10 });
  const schema = `bench_${Date.now()}`;
  const cold = new PostgresColdTier({ saver: new PostgresSaver({ pool, schema }) });
  await cold.setup();
  try {
    const prefix = `bench-${Date.now()}`;
    const redisSaver = new RedisSaver({ client: redis, keyPrefix: `${prefix}-r:` });
    const tiered = new TieredSaver({
      redis,
      cold,
      keyPrefix: `${prefix}-t:`,
      durableWhen: () => false,
      ...(process.env.BENCH_LINGER_MS
        ? { flusher: { lingerMs: Number(process.env.BENCH_LINGER_MS) } }
        : {}),
    });
    await tiered.setup();
    const lean = new TieredSaver({
      redis,
      cold,
      keyPrefix: `${prefix}-l:`,
      flusher: false,
      durableWhen: () => false,
    });
    const taken = await timePutsInTurn({ redis: redisSaver, lean, tiered });
    const [redisSamples, leanSamples, tieredSamples] = [taken.redis!, taken.lean!, taken.tiered!];
    await tiered.flush();
    await tiered.close();
    const ratio =
      tieredSamples.reduce((a, b) => a + b, 0) / redisSamples.reduce((a, b) => a + b, 0);
    console.log(`put latency, RedisSaver:  ${summary(redisSamples)}`);
    console.log(`put latency, TieredSaver: ${summary(tieredSamples)} (in-process flusher running)`);
    console.log(`put latency ratio (mean): ${ratio.toFixed(2)}x`);
    const leanRatio =
      leanSamples.reduce((a, b) => a + b, 0) / redisSamples.reduce((a, b) => a + b, 0);
    console.log(
      `put latency, TieredSaver, flusher: false (flushing elsewhere): ${summary(leanSamples)}`,
    );
    console.log(`put latency ratio (mean), flusher: false: ${leanRatio.toFixed(2)}x`);

    // Throughput: a backlog written with no flusher, then drained by one flusher.
    const writer = new TieredSaver({
      redis,
      cold,
      keyPrefix: `${prefix}-b:`,
      flusher: false,
      durableWhen: () => false,
    });
    const parents = new Map<string, string>();
    for (let index = 0; index < BACKLOG; index += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, BACKLOG - index) }, async (_unused, offset) => {
          const threadId = `backlog-${(index + offset) % 100}`;
          const { config, checkpoint, metadata, newVersions } = step(
            threadId,
            index + offset,
            undefined,
          );
          await writer.put(config, checkpoint, metadata, newVersions);
          parents.set(threadId, checkpoint.id);
        }),
      );
    }
    const flusher = new Flusher({
      client: redis,
      cold,
      keyLayout: writer.hot.keyLayout,
      batchSize: 500,
      hotTtlSeconds: null,
    });
    const started = performance.now();
    flusher.start();
    await writer.flush();
    const seconds = (performance.now() - started) / 1000;
    await flusher.stop();
    console.log(
      `flush throughput into PostgreSQL: ${(BACKLOG / seconds).toFixed(0)} checkpoints/s (${BACKLOG} in ${seconds.toFixed(2)} s)`,
    );

    // Lag: puts at a steady rate, flushed by the in-process flusher; put latency at that
    // rate too, against RedisSaver at the same rate.
    const steady = new TieredSaver({
      redis,
      cold,
      keyPrefix: `${prefix}-s:`,
      durableWhen: () => false,
    });
    await steady.setup();
    const lags: number[] = [];
    steady.events.on("flushed", (event) => {
      for (const appendedAt of event.entryTimesMs) lags.push(event.committedAtMs - appendedAt);
    });
    const steadyRedis = await putAtSteadyRate(
      redisSaver,
      "steady-redis",
      Math.min(STEADY_SECONDS, 5),
    );
    const steadyTiered = await putAtSteadyRate(steady, "steady-tiered", STEADY_SECONDS);
    await steady.flush();
    await steady.close();
    const sortedLags = lags.sort((a, b) => a - b);
    console.log(`put latency at ${RATE_PER_SECOND} puts/s, RedisSaver:  ${summary(steadyRedis)}`);
    console.log(
      `put latency at ${RATE_PER_SECOND} puts/s, TieredSaver: ${summary(steadyTiered)} (in-process flusher)`,
    );
    console.log(
      `flush lag at ${RATE_PER_SECOND} puts/s for ${STEADY_SECONDS} s: p50 ${percentile(sortedLags, 50)} ms, p99 ${percentile(sortedLags, 99)} ms, max ${sortedLags.at(-1)} ms (${lags.length} entries)`,
    );
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
    await pool.end();
    redis.disconnect();
    await redisServer?.stop();
    await postgresServer?.stop();
  }
}

void main();
