import { join } from "node:path";
import {
  describeOptimisticConcurrency,
  describeThreadLeases,
  forkLeaseWorker,
  type SaverHarness,
  type WriteFenceSpecOptions,
} from "@checkpointkit/conformance";
import type { WriteFenceOptions } from "@checkpointkit/core";
import type { Redis } from "ioredis";
import type { TieredSaver } from "../src/index.js";
import {
  newRedisClient,
  postgresColdTier,
  requiredEnv,
  type TestPostgresColdTier,
  tieredSaver,
} from "./support/test-tiers.js";

interface Opened {
  redis: Redis;
  cold: TestPostgresColdTier;
}
const opened = new Map<TieredSaver, Opened>();

async function create(fence: WriteFenceOptions = {}): Promise<TieredSaver> {
  const redis = newRedisClient();
  const cold = await postgresColdTier();
  const saver = await tieredSaver(redis, cold.cold, fence);
  opened.set(saver, { redis, cold });
  return saver;
}

async function destroy(saver: TieredSaver): Promise<void> {
  const resources = opened.get(saver);
  opened.delete(saver);
  await saver.close();
  if (resources === undefined) return;
  await resources.redis.quit();
  await resources.cold.drop();
}

const harness: SaverHarness<TieredSaver> = { name: "TieredSaver", create: () => create(), destroy };

const fenceOptions: WriteFenceSpecOptions<TieredSaver> = {
  createWithFence: create,
  forkWorker: (saver) =>
    forkLeaseWorker(join(__dirname, "workers", "lease-worker.ts"), {
      redisUrl: requiredEnv("REDIS_URL"),
      postgresUrl: requiredEnv("POSTGRES_URL"),
      schema: (opened.get(saver) as Opened).cold.schema,
      keyPrefix: saver.hot.keyLayout.keyPrefix,
      shardCount: saver.hot.keyLayout.shardCount,
    }),
};

describeThreadLeases(harness, fenceOptions);
describeOptimisticConcurrency(harness, fenceOptions);
