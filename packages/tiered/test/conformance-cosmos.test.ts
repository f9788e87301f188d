import {
  type CatalogSaver,
  describeCheckpointSaver,
  describeThreadCatalog,
} from "@checkpointkit/conformance";
import type { Redis } from "ioredis";
import { cosmosColdTier, newRedisClient } from "./support/test-tiers.js";
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
const capabilities = { ttl: false, prune: true, copyThread: true };
const coldTier = () => cosmosColdTier();

describeCheckpointSaver(
  tieredHarness("TieredSaver (Redis → Cosmos DB)", sharedRedis, coldTier, async () => {}),
  capabilities,
);

// listThreads and the size records of both tiers merged (see the README's "Listing threads").
describeThreadCatalog(
  tieredHarness<CatalogSaver>(
    "TieredSaver (Redis → Cosmos DB)",
    sharedRedis,
    coldTier,
    async () => {},
  ),
  capabilities,
);

// The catalog and size records as the cold tier holds them after a flush: what the flusher
// wrote must list and count the same.
describeThreadCatalog(
  tieredHarness<CatalogSaver>(
    "TieredSaver (Redis → Cosmos DB, reads from Cosmos DB after flush)",
    sharedRedis,
    coldTier,
    async () => {},
    "cold-after-flush",
  ),
  capabilities,
);

// Every read served by Cosmos DB after a flush: checks what the flusher wrote.
describeCheckpointSaver(
  tieredHarness(
    "TieredSaver (Redis → Cosmos DB, reads from Cosmos DB after flush)",
    sharedRedis,
    coldTier,
    release,
    "cold-after-flush",
  ),
  capabilities,
);
