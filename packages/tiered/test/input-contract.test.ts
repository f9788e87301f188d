import { describeInputContract } from "@checkpointkit/conformance";
import type { Redis } from "ioredis";
import { newRedisClient, postgresColdTier } from "./support/test-tiers.js";
import { tieredHarness } from "./support/tiered-harness.js";

let redis: Redis | undefined;
const sharedRedis = () => {
  redis ??= newRedisClient();
  return redis;
};
const release = async () => {
  await redis?.quit();
  redis = undefined;
};

// The tiered saver checks its input before the hot write, so one cold tier is enough here.
describeInputContract(
  tieredHarness("TieredSaver (Redis → PostgreSQL)", sharedRedis, postgresColdTier, release),
  { prune: false, copyThread: false },
);
