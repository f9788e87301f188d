import {
  type CatalogSaver,
  describeCheckpointSaver,
  describeThreadCatalog,
} from "@checkpointkit/conformance";
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
const capabilities = { ttl: true, prune: true, copyThread: true };

describeCheckpointSaver(
  tieredHarness("TieredSaver (Redis → PostgreSQL)", sharedRedis, postgresColdTier, async () => {}),
  capabilities,
);

// listThreads and the size records of both tiers merged (see the README's "Listing threads").
describeThreadCatalog(
  tieredHarness<CatalogSaver>(
    "TieredSaver (Redis → PostgreSQL)",
    sharedRedis,
    postgresColdTier,
    async () => {},
  ),
  capabilities,
);

// The catalog and size records as the cold tier holds them after a flush: what the flusher
// wrote must list and count the same.
describeThreadCatalog(
  tieredHarness<CatalogSaver>(
    "TieredSaver (Redis → PostgreSQL, reads from PostgreSQL after flush)",
    sharedRedis,
    postgresColdTier,
    async () => {},
    "cold-after-flush",
  ),
  capabilities,
);

// The same suite with every read served by PostgreSQL after a flush: checks what the
// flusher wrote, byte for byte, against the same contract.
describeCheckpointSaver(
  tieredHarness(
    "TieredSaver (Redis → PostgreSQL, reads from PostgreSQL after flush)",
    sharedRedis,
    postgresColdTier,
    release,
    "cold-after-flush",
  ),
  capabilities,
);
