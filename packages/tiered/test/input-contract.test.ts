import { describeInputContract } from "@checkpointkit/conformance";
import { newRedisClient, postgresColdTier } from "./support/test-tiers.js";
import { tieredHarness } from "./support/tiered-harness.js";

// The jest preset sets REDIS_URL before this file loads.
const redis = newRedisClient();

// The tiered saver checks its input before the hot write, so one cold tier is enough here.
describeInputContract(
  tieredHarness(
    "TieredSaver (Redis → PostgreSQL)",
    () => redis,
    postgresColdTier,
    async () => void (await redis.quit()),
  ),
  { prune: false, copyThread: false },
);
