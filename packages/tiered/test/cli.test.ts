import { startFaultProxy } from "@checkpointkit/conformance";
import type { Redis } from "ioredis";
import { putChain } from "./support/checkpoints.js";
import { startCli } from "./support/cli-process.js";
import {
  freshKeyPrefix,
  newRedisClient,
  postgresColdTier,
  requiredEnv,
  type TestPostgresColdTier,
  tieredSaver,
} from "./support/test-tiers.js";

/** Generous: the CLI drains for up to 10 s by default; nothing here has anything to drain. */
const EXIT_DEADLINE_MS = 15_000;

function exitWithin(exited: Promise<number | null>, ms: number): Promise<number | null | "hung"> {
  return Promise.race([
    exited,
    new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), ms).unref()),
  ]);
}

describe("checkpointkit-flusher CLI", () => {
  let redis: Redis;
  let tier: TestPostgresColdTier;

  beforeAll(async () => {
    redis = newRedisClient();
    tier = await postgresColdTier();
  });
  afterAll(async () => {
    await tier.drop();
    await redis.quit();
  });

  function cliArgs(keyPrefix: string, urls: { redis?: string; postgres?: string } = {}): string[] {
    return [
      "--redis-url",
      urls.redis ?? requiredEnv("REDIS_URL"),
      "--postgres-url",
      urls.postgres ?? requiredEnv("POSTGRES_URL"),
      "--schema",
      tier.schema,
      "--key-prefix",
      keyPrefix,
      "--shard-count",
      "4",
      "--poll-interval-ms",
      "20",
    ];
  }

  async function writerSaver(keyPrefix: string) {
    return tieredSaver(redis, tier.cold, {
      keyPrefix,
      shardCount: 4,
      flusher: false,
      durableWhen: () => false,
    });
  }

  it("flushes the outbox of savers without a flusher, and exits cleanly on SIGTERM", async () => {
    const keyPrefix = freshKeyPrefix();
    const saver = await writerSaver(keyPrefix);
    const ids = await putChain(saver, "via-cli", 5);
    const cli = startCli(cliArgs(keyPrefix));
    try {
      await saver.flush(undefined, { timeoutMs: 30_000 });
    } catch (error) {
      throw new Error(`${String(error)}; CLI stderr: ${cli.stderr()}`);
    }
    expect((await tier.storedCheckpointIds()).get("via-cli")).toEqual(ids);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    await saver.close();
  }, 60_000);

  it("PostgreSQL down at start-up: the CLI waits for it instead of exiting, then flushes", async () => {
    const proxy = await startFaultProxy({ targetUrl: requiredEnv("POSTGRES_URL") });
    proxy.refuseNew(true);
    const keyPrefix = freshKeyPrefix();
    const saver = await writerSaver(keyPrefix);
    const ids = await putChain(saver, "cli-late-postgres", 3);
    const cli = startCli(cliArgs(keyPrefix, { postgres: proxy.url }));
    try {
      await cli.waitForStderr(/cold tier unavailable/);
      proxy.heal();
      await saver.flush(undefined, { timeoutMs: 30_000 });
      expect((await tier.storedCheckpointIds()).get("cli-late-postgres")).toEqual(ids);
      cli.child.kill("SIGTERM");
      expect(await exitWithin(cli.exited, EXIT_DEADLINE_MS)).toBe(0);
    } finally {
      cli.child.kill("SIGKILL");
      await saver.close();
      await proxy.close();
    }
  }, 60_000);

  it("Redis down: SIGTERM ends the CLI promptly with exit code 0, without unhandled errors", async () => {
    const proxy = await startFaultProxy({ targetUrl: requiredEnv("REDIS_URL") });
    const cli = startCli(cliArgs(freshKeyPrefix(), { redis: proxy.url }));
    try {
      // Up and flushing (its first counters line needs Redis), then Redis goes away.
      await cli.waitForStderr(/flusher started/);
      proxy.refuseNew(true);
      proxy.cutAll();
      await cli.waitForStderr(/redis/i);
      await new Promise((resolve) => setTimeout(resolve, 500));
      cli.child.kill("SIGTERM");
      const exit = await exitWithin(cli.exited, EXIT_DEADLINE_MS);
      expect(`${exit} ${cli.stderr()}`).toBe(`0 ${cli.stderr()}`);
      expect(cli.stderr()).not.toMatch(/Unhandled|uncaught/i);
      // One line per kind of Redis error and interval, not one per reconnection attempt.
      expect(cli.stderr().split("\n").length).toBeLessThan(10);
    } finally {
      cli.child.kill("SIGKILL");
      await proxy.close();
    }
  }, 60_000);
});
