import { startRedisServer } from "@checkpointkit/conformance";
import { Redis } from "ioredis";
import { checkpointWith, threadConfig } from "./support/checkpoints.js";
import { postgresColdTier, tieredSaver } from "./support/test-tiers.js";

/**
 * Redis at `maxmemory` (noeviction): threads already flushed to the cold tier are dropped
 * from Redis to make room, so writes go on instead of failing until `hotTtlSeconds` passes.
 */
describe("Redis at maxmemory", () => {
  it("writes go on: flushed threads make room, and are still served from the cold tier", async () => {
    const server = await startRedisServer({
      extraArgs: ["--maxmemory", "4mb", "--maxmemory-policy", "noeviction"],
    });
    const redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
    const tier = await postgresColdTier();
    const saver = await tieredSaver(redis, tier.cold, { durableWhen: () => false });
    try {
      const payload = "m".repeat(100_000);
      const threads = Array.from({ length: 60 }, (_unused, index) => `pressure-${index}`);
      for (const threadId of threads) {
        const { checkpoint, metadata } = checkpointWith({ payload }, 0);
        await saver.put(threadConfig(threadId), checkpoint, metadata, { payload: 1 });
        await saver.flush(threadId, { timeoutMs: 20_000 });
      }
      const first = await saver.getTuple(threadConfig(threads[0]!));
      expect(first?.checkpoint.channel_values).toEqual({ payload });
    } finally {
      await saver.close();
      redis.disconnect();
      await tier.drop();
      await server.stop();
    }
  }, 120_000);
});
