import type { Redis } from "ioredis";
import { listedIds, putChain } from "./support/checkpoints.js";
import { startCli } from "./support/cli-process.js";
import { latestPostgresColdTier } from "./support/latest-cold-tier.js";
import { freshKeyPrefix, newRedisClient, requiredEnv, tieredSaver } from "./support/test-tiers.js";

it("checkpointkit-flusher --history latest keeps only the newest checkpoint in the cold tier", async () => {
  const redis: Redis = newRedisClient();
  const tier = await latestPostgresColdTier();
  const keyPrefix = freshKeyPrefix();
  const saver = await tieredSaver(redis, tier.cold, {
    history: "latest",
    keyPrefix,
    shardCount: 4,
    flusher: false,
    durableWhen: () => false,
  });
  const cli = startCli([
    ...["--redis-url", requiredEnv("REDIS_URL"), "--postgres-url", requiredEnv("POSTGRES_URL")],
    ...["--schema", tier.schema, "--history", "latest", "--key-prefix", keyPrefix],
    ...["--shard-count", "4", "--poll-interval-ms", "20"],
  ]);
  try {
    // One flushed step first, so the next flush must trim it from the cold tier.
    const [first] = await putChain(saver, "via-cli", 1);
    await saver.flush(undefined, { timeoutMs: 30_000 });
    expect(await listedIds(tier.saver, "via-cli")).toEqual([first]);
    const later = await putChain(saver, "via-cli", 4);
    await saver.flush(undefined, { timeoutMs: 30_000 });
    expect(await listedIds(tier.saver, "via-cli")).toEqual([later[3]]);
  } catch (error) {
    throw new Error(`${String(error)}; CLI stderr: ${cli.stderr()}`);
  } finally {
    cli.child.kill("SIGTERM");
    await cli.exited;
    await saver.close();
    await tier.drop();
    await redis.quit();
  }
}, 60_000);
