import { RedisKeyLayout } from "@checkpointkit/redis";
import { Flusher, TieredSaver } from "../src/index.js";
import {
  newRedisClient,
  postgresColdTier,
  type TestPostgresColdTier,
} from "./support/test-tiers.js";
import { wrapColdTier } from "./support/wrapped-cold-tier.js";

/** `ttlSeconds` is refused up front where it could not be applied to both tiers. */
describe("ttlSeconds options", () => {
  const redis = newRedisClient();
  let tier: TestPostgresColdTier;

  beforeAll(async () => {
    tier = await postgresColdTier();
  });
  afterAll(async () => {
    await tier.drop();
    await redis.quit();
  });

  it("a cold tier that cannot expire threads is refused with InvalidConfigError", () => {
    // Wrapped: the wrapper offers no expireThreads (both shipped cold tiers do).
    const cold = wrapColdTier(tier.cold, {});
    expect(() => new TieredSaver({ redis, cold, ttlSeconds: 60, flusher: false })).toThrow(
      expect.objectContaining({ name: "InvalidConfigError", field: "ttlSeconds" }),
    );
    expect(
      () => new Flusher({ client: redis, cold, ttlSeconds: 60, keyLayout: new RedisKeyLayout({}) }),
    ).toThrow(expect.objectContaining({ name: "InvalidConfigError", field: "ttlSeconds" }));
  });

  it.each([0, -1, 1.5])("ttlSeconds %p is refused", (ttlSeconds) => {
    expect(() => new TieredSaver({ redis, cold: tier.cold, ttlSeconds, flusher: false })).toThrow(
      expect.objectContaining({ name: "InvalidConfigError", field: "ttlSeconds" }),
    );
  });

  it("the PostgreSQL cold tier takes it", async () => {
    const saver = new TieredSaver({ redis, cold: tier.cold, ttlSeconds: 60, flusher: false });
    await saver.close();
  });
});
