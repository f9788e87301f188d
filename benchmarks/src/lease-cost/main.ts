// Added cost per step of thread leases and optimistic concurrency (issue 15), on RedisSaver and
// PostgresSaver against the conformance test servers. One step = put + 2 putWrites + getTuple,
// as LangGraph makes them; each variant runs its own threads, variants interleaved per round,
// median of the rounds reported. Leases: acquired once per thread (as withThreadLease does per
// run), every write carries the token.
// Run: pnpm --filter @checkpointkit/benchmarks exec node --import tsx src/lease-cost/main.ts
import { PostgresSaver } from "@checkpointkit/postgres";
import { RedisSaver } from "@checkpointkit/redis";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { uuid6 } from "@langchain/langgraph-checkpoint";
import { Redis } from "ioredis";
import pg from "pg";
import { postgres, redis } from "../servers/conformance-servers.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const STEPS = Number(process.env.BENCH_STEPS ?? 1000);
const THREADS = 20;
/** Core's `LEASE_TOKEN_KEY` (documented public key); this package does not depend on core. */
const LEASE_TOKEN_KEY = "checkpointkit_lease_token";

type LeaseSaver = BaseCheckpointSaver & {
  acquireThreadLease(threadId: string, options: { ttlMs: number }): Promise<{ token: string }>;
};
interface Variant {
  name: string;
  saver: LeaseSaver;
  leased: boolean;
}

async function runSteps(variant: Variant, round: number): Promise<number> {
  const heads = new Map<string, RunnableConfig>();
  const tokens = new Map<string, string>();
  for (let thread = 0; thread < THREADS; thread += 1) {
    const threadId = `${variant.name}-${round}-${thread}`;
    const lease = variant.leased
      ? await variant.saver.acquireThreadLease(threadId, { ttlMs: 600_000 })
      : undefined;
    if (lease) tokens.set(threadId, lease.token);
  }
  const startedAt = process.hrtime.bigint();
  for (let index = 0; index < STEPS; index += 1) {
    const threadId = `${variant.name}-${round}-${index % THREADS}`;
    const token = tokens.get(threadId);
    const extra = token === undefined ? {} : { [LEASE_TOKEN_KEY]: token };
    const parent = heads.get(threadId) ?? {
      configurable: { thread_id: threadId, checkpoint_ns: "" },
    };
    const config = await variant.saver.put(
      { configurable: { ...parent.configurable, ...extra } },
      {
        v: 4,
        id: uuid6(-1),
        ts: new Date().toISOString(),
        channel_values: { messages: [`message ${index}`], step: index },
        channel_versions: { messages: index + 1, step: index + 1 },
        versions_seen: {},
      },
      { source: "loop", step: index, parents: {} },
      { messages: index + 1, step: index + 1 },
    );
    heads.set(threadId, config);
    const leasedConfig = { configurable: { ...config.configurable, ...extra } };
    await variant.saver.putWrites(leasedConfig, [["messages", `reply ${index}`]], "task-a");
    await variant.saver.putWrites(leasedConfig, [["step", index + 1]], "task-b");
    await variant.saver.getTuple({ configurable: { thread_id: threadId, checkpoint_ns: "" } });
  }
  return Number(process.hrtime.bigint() - startedAt) / 1000 / STEPS;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const redisServer = await redis();
  const postgresServer = await postgres();
  const client = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
  const pool = new pg.Pool({ connectionString: postgresServer.url, max: 4 });
  pool.on("error", () => {});
  const prefix = `bench-lease-${process.pid}`;
  const redisSaver = (options: object) =>
    new RedisSaver({ client, keyPrefix: `${prefix}-${Math.random()}:`, ...options });
  const postgresSaver = async (options: object) => {
    const saver = new PostgresSaver({
      pool,
      schema: `bench_lease_${Math.random().toString(36).slice(2, 10)}`,
      ...options,
    });
    await saver.setup();
    return saver;
  };
  const variants: Variant[] = [
    { name: "redis off", saver: redisSaver({}), leased: false },
    { name: "redis lease", saver: redisSaver({}), leased: true },
    {
      name: "redis lease+optimistic",
      saver: redisSaver({ concurrency: "optimistic" }),
      leased: true,
    },
    { name: "postgres off", saver: await postgresSaver({}), leased: false },
    { name: "postgres lease", saver: await postgresSaver({}), leased: true },
    {
      name: "postgres lease+optimistic",
      saver: await postgresSaver({ concurrency: "optimistic" }),
      leased: true,
    },
  ];
  try {
    for (const variant of variants) await runSteps(variant, -1); // warm-up
    const results = new Map<string, number[]>(variants.map((variant) => [variant.name, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const variant of variants)
        results.get(variant.name)?.push(await runSteps(variant, round));
    }
    process.stdout.write(
      `one step = put + 2 putWrites + getTuple; ${STEPS} steps x ${ROUNDS} rounds, median µs/step\n`,
    );
    for (const variant of variants) {
      const backend = variant.name.split(" ")[0];
      const baseline = median(results.get(`${backend} off`) ?? []);
      const value = median(results.get(variant.name) ?? []);
      const added = value - baseline;
      process.stdout.write(
        `${variant.name.padEnd(27)} ${value.toFixed(1).padStart(8)} µs/step  ${added >= 0 ? "+" : ""}${added.toFixed(1)} µs (${((added / baseline) * 100).toFixed(1)}%)\n`,
      );
    }
  } finally {
    await client.quit();
    await pool.end();
    await redisServer.stop();
    await postgresServer.stop();
  }
}

await main();
