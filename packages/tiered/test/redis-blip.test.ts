import { startFaultProxy } from "@checkpointkit/conformance";
import { Redis } from "ioredis";
import { putChain } from "./support/checkpoints.js";
import { postgresColdTier, requiredEnv, tieredSaver } from "./support/test-tiers.js";

/**
 * After a short Redis outage the flusher picks up again within its small, growing backoff,
 * not after parking for the full `retryMaxDelayMs`: until then acknowledged puts sit in
 * Redis only.
 */
describe("a Redis blip under a running flusher", () => {
  it("the flusher resumes well within retryMaxDelayMs once Redis is back", async () => {
    const retryMaxDelayMs = 5_000;
    const proxy = await startFaultProxy({ targetUrl: requiredEnv("REDIS_URL") });
    const redis = new Redis(proxy.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    const tier = await postgresColdTier();
    const saver = await tieredSaver(redis, tier.cold, {
      durableWhen: () => false,
      flusher: { pollIntervalMs: 20, retryMaxDelayMs },
    });
    try {
      const firstFailure = new Promise<void>((resolve) =>
        saver.events.once("error", () => resolve()),
      );
      proxy.refuseNew(true);
      proxy.cutAll();
      await firstFailure;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      proxy.heal();
      await expect(redis.ping()).resolves.toBe("PONG");

      const healedAt = Date.now();
      await putChain(saver, "after-blip", 3);
      await saver.flush(undefined, { timeoutMs: 20_000 });
      // Generous: the backoff reached during a 1 s outage is a few hundred milliseconds.
      expect(Date.now() - healedAt).toBeLessThan(retryMaxDelayMs / 2);
    } finally {
      proxy.heal();
      await saver.close();
      redis.disconnect();
      await proxy.close();
      await tier.drop();
    }
  }, 60_000);
});
