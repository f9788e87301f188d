import { randomBytes } from "node:crypto";
import { type OwnedTestServer, startRedisServer } from "@checkpointkit/conformance";
import { Redis } from "ioredis";
import { startFlusher, TieredSaver } from "../src/index.js";
import { checkpointWith, threadConfig } from "./support/checkpoints.js";
import {
  freshKeyPrefix,
  postgresColdTier,
  type TestPostgresColdTier,
} from "./support/test-tiers.js";

/**
 * ioredis prints "[ioredis] Unhandled error event" for every error its client emits while no
 * one listens, e.g. each refused login: the README's quick start client has no listener of
 * its own. The saver and a stand-alone flusher listen while they use the client (the failure
 * reaches callers as a typed rejection) and stop listening when closed.
 */
describe("the Redis client's error events", () => {
  const password = randomBytes(12).toString("hex");
  let server: OwnedTestServer;
  let tier: TestPostgresColdTier;
  let printed: string[];
  let consoleError: jest.SpyInstance;

  beforeAll(async () => {
    server = await startRedisServer({ password });
    tier = await postgresColdTier();
  });
  afterAll(async () => {
    await tier.drop();
    await server.stop();
  });
  beforeEach(() => {
    printed = [];
    const original = console.error;
    consoleError = jest.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      printed.push(args.map(String).join(" "));
      original(...args);
    });
  });
  afterEach(() => consoleError.mockRestore());

  /** A client with the wrong password, as the README's quick start makes it (no listener). */
  function wrongPasswordClient(): Redis {
    const url = new URL(server.url);
    return new Redis({
      host: url.hostname,
      port: Number(url.port),
      password: `not-${password}`,
      maxRetriesPerRequest: 1,
    });
  }

  /** A tiered saver over `wrongPasswordClient()`, without a flusher. */
  function refusedSaver(): { redis: Redis; saver: TieredSaver } {
    const redis = wrongPasswordClient();
    const saver = new TieredSaver({
      redis,
      cold: tier.cold,
      keyPrefix: freshKeyPrefix("client-errors"),
      flusher: false,
    });
    return { redis, saver };
  }

  const unhandled = () => printed.filter((line) => line.includes("Unhandled error event"));

  it("TieredSaver: a refused login rejects put with InvalidConfigError and prints nothing", async () => {
    const { redis, saver } = refusedSaver();
    const seen: unknown[] = [];
    saver.events.on("error", (error) => seen.push(error));
    try {
      const { checkpoint, metadata } = checkpointWith({ counter: 1 }, 0);
      await expect(
        saver.put(threadConfig("refused-login"), checkpoint, metadata, { counter: 1 }),
      ).rejects.toMatchObject({ name: "InvalidConfigError" });
      expect(unhandled()).toEqual([]);
      // The client's own error event reaches the saver's listeners, typed.
      expect(seen.length).toBeGreaterThan(0);
      expect(seen[0]).toMatchObject({ name: "InvalidConfigError" });
      expect(String(seen[0])).not.toContain(password);
    } finally {
      await saver.close();
      expect(redis.listenerCount("error")).toBe(0);
      redis.disconnect();
    }
  }, 30_000);

  it("TieredSaver: a refused login rejects size reads and listThreads too, never answered by the cold tier", async () => {
    const { redis, saver } = refusedSaver();
    saver.events.on("error", () => {});
    try {
      const { checkpoint, metadata } = checkpointWith({ counter: 1 }, 0);
      const config = threadConfig("refused-login");
      await expect(saver.put(config, checkpoint, metadata, { counter: 1 })).rejects.toMatchObject({
        name: "InvalidConfigError",
      });
      const stored = { configurable: { ...config.configurable, checkpoint_id: checkpoint.id } };
      for (const read of [
        () => saver.getCheckpointSize(stored),
        () => saver.threadSizeSummary("refused-login"),
        () => saver.listThreads({ threadIdPrefix: "refused" }),
      ]) {
        await expect(read()).rejects.toMatchObject({ name: "InvalidConfigError" });
      }
      expect(unhandled()).toEqual([]);
    } finally {
      await saver.close();
      redis.disconnect();
    }
  }, 30_000);

  it("startFlusher: a refused login is retried and printed nowhere", async () => {
    const redis = wrongPasswordClient();
    const flusher = await startFlusher({
      redis,
      cold: tier.cold,
      setupCold: false,
      keyPrefix: freshKeyPrefix("client-errors"),
      shardCount: 2,
      retryBaseDelayMs: 20,
    });
    try {
      const retried = new Promise((resolve) => flusher.once("retry", resolve));
      expect(await retried).toMatchObject({ error: { name: "InvalidConfigError" } });
      expect(unhandled()).toEqual([]);
    } finally {
      await flusher.stop();
      expect(redis.listenerCount("error")).toBe(0);
      redis.disconnect();
    }
  }, 30_000);
});
