import { describeLatestHistory } from "@checkpointkit/conformance";
import { CosmosSaver } from "@checkpointkit/cosmos";
import type { Redis } from "ioredis";
import { CosmosColdTier } from "../src/cosmos.js";
import { TieredSaver } from "../src/index.js";
import { latestCosmosColdTier } from "./support/latest-cold-tier.js";
import { describeLatestHistoryFlushChecks } from "./support/latest-history-checks.js";
import { newRedisClient } from "./support/test-tiers.js";
import { tieredHarness } from "./support/tiered-harness.js";

let redis: Redis | undefined;
const sharedRedis = () => {
  redis ??= newRedisClient();
  return redis;
};
afterAll(async () => {
  await redis?.quit();
});

describeLatestHistory(
  tieredHarness(
    "TieredSaver (Redis → Cosmos DB)",
    sharedRedis,
    latestCosmosColdTier,
    async () => {},
    "tiers",
    {
      history: "latest",
    },
  ),
  {
    // Never used for storage: the container is never reached.
    constructWithHistory: (history) =>
      new TieredSaver({
        redis: sharedRedis(),
        cold: new CosmosColdTier({
          saver: new CosmosSaver({ container: {} as CosmosSaver["container"], history: "latest" }),
        }),
        history: history as "full",
        flusher: false,
      }),
  },
);

describeLatestHistoryFlushChecks("Cosmos DB", sharedRedis, latestCosmosColdTier);
