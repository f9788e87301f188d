import { randomBytes } from "node:crypto";
import {
  describeFaultMatrix,
  dropPostgresSchema,
  type FaultHarness,
  PostgresFaultUrls,
  startPostgresServer,
} from "@checkpointkit/conformance";
import { PostgresSaver } from "@checkpointkit/postgres";
import type { Redis } from "ioredis";
import { type Flusher, startFlusher, TieredSaver } from "../src/index.js";
import { PostgresColdTier } from "../src/postgres.js";
import { freshKeyPrefix, newRedisClient, requiredEnv } from "./support/test-tiers.js";

/**
 * The faults hit the cold tier (PostgreSQL); Redis stays healthy. Writes are acknowledged by
 * Redis (`durableWhen: () => false`: nothing written through), so under a cold-tier fault
 * every operation may be served, as the README's failure table says, but must still end
 * within the cold tier's deadline without an error reaching the process; a flusher runs
 * against the broken cold tier meanwhile, and once it heals everything acknowledged reads.
 */
const CONNECTION_TIMEOUT_MS = 1_000;
const QUERY_TIMEOUT_MS = 1_000;
const SHARD_COUNT = 8;

const redis: Redis = newRedisClient();
const urls = new PostgresFaultUrls(() => requiredEnv("POSTGRES_URL"));

interface SaverResources {
  flusher: Flusher;
  cold: PostgresSaver;
  schema: string;
  storageUrl: string;
}
const resources = new Map<TieredSaver, SaverResources>();

function coldSaverAt(url: string, schema: string): PostgresSaver {
  return PostgresSaver.fromConnString(url, {
    schema,
    connectionTimeoutMs: CONNECTION_TIMEOUT_MS,
    queryTimeoutMs: QUERY_TIMEOUT_MS,
  });
}

const harness: FaultHarness<TieredSaver> = {
  name: "TieredSaver (PostgreSQL cold tier faults)",
  async afterAll() {
    await redis.quit();
  },
  server: async () => urls.shared(),
  async createAt(connectTo, storageOn) {
    const schema = `ck_cold_fault_${randomBytes(6).toString("hex")}`;
    const keyPrefix = freshKeyPrefix("cold-fault");
    const storageUrl = urls.at(storageOn);
    // Hot streams and cold schema are set up on the real servers: connectTo may be broken.
    const setupCold = coldSaverAt(storageUrl, schema);
    const setupSaver = new TieredSaver({
      redis,
      cold: new PostgresColdTier({ saver: setupCold }),
      keyPrefix,
      shardCount: SHARD_COUNT,
      flusher: false,
    });
    try {
      await setupSaver.setup();
    } finally {
      await setupSaver.close();
      await setupCold.close();
    }
    const coldSaver = coldSaverAt(urls.at(connectTo, storageOn), schema);
    const cold = new PostgresColdTier({ saver: coldSaver });
    const saver = new TieredSaver({
      redis,
      cold,
      keyPrefix,
      shardCount: SHARD_COUNT,
      flusher: false,
      durableWhen: () => false,
    });
    const flusher = await startFlusher({
      redis,
      cold,
      keyPrefix,
      shardCount: SHARD_COUNT,
      setupCold: false,
      pollIntervalMs: 20,
    });
    resources.set(saver, { flusher, cold: coldSaver, schema, storageUrl });
    return saver;
  },
  async destroy(saver) {
    const owned = resources.get(saver);
    resources.delete(saver);
    await owned?.flusher.stop({ drainTimeoutMs: 2_000 });
    await saver.close();
    if (owned === undefined) return;
    await owned.cold.close();
    await dropPostgresSchema(owned.storageUrl, owned.schema);
  },
  // A list (and a read Redis does not hold) needs the cold tier: one statement's deadline.
  deadlineMs: CONNECTION_TIMEOUT_MS + QUERY_TIMEOUT_MS,
  servedDuringOutage: ["put", "putWrites", "getTuple", "list", "deleteThread"],
  startOwnedServer: async () => urls.remember(await startPostgresServer()),
  secrets: () => urls.passwords(),
  unsupported: {
    "auth-failure":
      "put and putWrites are acknowledged by Redis before the cold tier is asked, so a refused cold-tier login cannot reject them",
    "wrong-database":
      "put and putWrites are acknowledged by Redis before the cold tier is asked, so a missing cold-tier database cannot reject them",
  },
};

describeFaultMatrix(harness);
