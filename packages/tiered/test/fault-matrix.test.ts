import { randomBytes } from "node:crypto";
import {
  describeFaultMatrix,
  type FaultEndpoint,
  type FaultHarness,
  type OwnedTestServer,
  startRedisServer,
} from "@checkpointkit/conformance";
import { Redis, type RedisOptions } from "ioredis";
import { TieredSaver } from "../src/index.js";
import {
  freshKeyPrefix,
  postgresColdTier,
  requiredEnv,
  type TestColdTier,
  tieredSaver,
} from "./support/test-tiers.js";

/** The faults hit the hot tier (Redis); the cold tier (PostgreSQL) stays healthy. */
const COMMAND_TIMEOUT_MS = 1_000;

/** What each saver holds besides itself, to release it afterwards. */
interface SaverResources {
  redis: Redis;
  cold: TestColdTier;
  /** Set the hot tier up and runs the flusher, talking to the real Redis (not the fault). */
  flushing?: { saver: TieredSaver; redis: Redis };
}

const resources = new Map<TieredSaver, SaverResources>();
let passwordServer: OwnedTestServer | undefined;
const password = randomBytes(12).toString("hex");

/** Your own ioredis client, as the README's quick start makes it. */
function redisAt(endpoint: FaultEndpoint, options: RedisOptions = {}): Redis {
  const redis = new Redis({
    host: endpoint.host,
    port: endpoint.port,
    maxRetriesPerRequest: 1,
    connectTimeout: COMMAND_TIMEOUT_MS,
    ...options,
  });
  return redis;
}

/** A saver over `redis` that was not set up (setup talks to Redis, which may be broken). */
async function saverOver(redis: Redis, flushOn?: FaultEndpoint): Promise<TieredSaver> {
  const cold = await postgresColdTier();
  const keyPrefix = freshKeyPrefix("fault");
  let flushing: SaverResources["flushing"];
  if (flushOn !== undefined) {
    const flushingRedis = redisAt(flushOn);
    const flushingSaver = await tieredSaver(flushingRedis, cold.cold, {
      keyPrefix,
      closeDrainTimeoutMs: 2_000,
    });
    flushing = { saver: flushingSaver, redis: flushingRedis };
  }
  const saver = new TieredSaver({
    redis,
    cold: cold.cold,
    keyPrefix,
    shardCount: 8,
    flusher: false,
    commandTimeoutMs: COMMAND_TIMEOUT_MS,
  });
  resources.set(saver, { redis, cold, flushing });
  return saver;
}

const harness: FaultHarness<TieredSaver> = {
  name: "TieredSaver (Redis → PostgreSQL)",
  async afterAll() {
    await passwordServer?.stop();
  },
  async server() {
    const url = new URL(requiredEnv("REDIS_URL"));
    return { host: url.hostname, port: Number(url.port) };
  },
  createAt: (connectTo, storageOn) => saverOver(redisAt(connectTo), storageOn),
  async destroy(saver) {
    const owned = resources.get(saver);
    resources.delete(saver);
    await saver.close();
    if (owned === undefined) return;
    if (owned.flushing !== undefined) {
      await owned.flushing.saver.close();
      owned.flushing.redis.disconnect();
    }
    owned.redis.disconnect();
    await owned.cold.drop();
  },
  // A write is one Redis round trip; a read that Redis cannot serve also asks the cold tier.
  deadlineMs: 3 * COMMAND_TIMEOUT_MS,
  servedDuringOutage: ["getTuple", "list"],
  startOwnedServer: () => startRedisServer({ appendOnly: true, appendFsync: "always" }),
  async createWithWrongCredentials() {
    passwordServer ??= await startRedisServer({ password });
    return saverOver(redisAt(passwordServer, { password: `not-${password}` }));
  },
  // Redis has 16 databases unless configured otherwise: index 99 does not exist.
  createWithWrongDatabase: async () => saverOver(redisAt(await harness.server(), { db: 99 })),
  secrets: () => [
    password,
    `not-${password}`,
    decodeURIComponent(new URL(requiredEnv("POSTGRES_URL")).password),
  ],
};

describeFaultMatrix(harness);
