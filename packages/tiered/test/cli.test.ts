import { spawn } from "node:child_process";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { putChain } from "./support/checkpoints.js";
import {
  freshKeyPrefix,
  newRedisClient,
  postgresColdTier,
  requiredEnv,
  type TestPostgresColdTier,
  tieredSaver,
} from "./support/test-tiers.js";

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

  it("flushes the outbox of savers without a flusher, and exits cleanly on SIGTERM", async () => {
    const keyPrefix = freshKeyPrefix();
    const saver = await tieredSaver(redis, tier.cold, {
      keyPrefix,
      shardCount: 4,
      flusher: false,
      durableWhen: () => false,
    });
    const ids = await putChain(saver, "via-cli", 5);
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join("src", "cli.ts"),
        "--redis-url",
        requiredEnv("REDIS_URL"),
        "--postgres-url",
        requiredEnv("POSTGRES_URL"),
        "--schema",
        tier.schema,
        "--key-prefix",
        keyPrefix,
        "--shard-count",
        "4",
        "--poll-interval-ms",
        "20",
      ],
      {
        cwd: join(__dirname, ".."),
        env: { ...process.env, TSX_TSCONFIG_PATH: join("test", "workers", "tsconfig.json") },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) =>
      child.once("exit", (code) => resolve(code)),
    );
    try {
      await saver.flush(undefined, { timeoutMs: 30_000 });
    } catch (error) {
      throw new Error(`${String(error)}; CLI stderr: ${stderr}`);
    }
    expect((await tier.storedCheckpointIds()).get("via-cli")).toEqual(ids);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    await saver.close();
  }, 60_000);
});
