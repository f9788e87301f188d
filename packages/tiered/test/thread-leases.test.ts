import { join } from "node:path";
import {
  describeOptimisticConcurrency,
  describeThreadLeases,
  forkLeaseWorker,
  type SaverHarness,
  type WriteFenceSpecOptions,
} from "@checkpointkit/conformance";
import type { TieredSaver } from "../src/index.js";
import {
  createOpenedSaver,
  destroyOpenedSaver,
  openedResources,
} from "./support/opened-tiered-savers.js";
import { requiredEnv } from "./support/test-tiers.js";

const harness: SaverHarness<TieredSaver> = {
  name: "TieredSaver",
  create: () => createOpenedSaver(),
  destroy: destroyOpenedSaver,
};

const fenceOptions: WriteFenceSpecOptions<TieredSaver> = {
  createWithFence: createOpenedSaver,
  forkWorker: (saver) =>
    forkLeaseWorker(join(__dirname, "workers", "lease-worker.ts"), {
      redisUrl: requiredEnv("REDIS_URL"),
      postgresUrl: requiredEnv("POSTGRES_URL"),
      schema: openedResources(saver).cold.schema,
      keyPrefix: saver.hot.keyLayout.keyPrefix,
      shardCount: saver.hot.keyLayout.shardCount,
    }),
};

describeThreadLeases(harness, fenceOptions);
describeOptimisticConcurrency(harness, fenceOptions);
