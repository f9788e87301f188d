import { type FaultProxy, startFaultProxy } from "@checkpointkit/conformance";
import { LEASE_TOKEN_KEY } from "@checkpointkit/core";
import { Redis } from "ioredis";
import type { TieredSaver } from "../src/index.js";
import { checkpointWith, listedIds, putChain } from "./support/checkpoints.js";
import {
  freshKeyPrefix,
  postgresColdTier,
  requiredEnv,
  type TestColdTier,
  tieredSaver,
} from "./support/test-tiers.js";

/**
 * The lease lives in Redis: while Redis is away nothing can check a token, so a fenced write
 * must fail instead of writing through to the cold tier unchecked (a paused holder's late
 * write would otherwise land exactly when the fence matters).
 */
describe("Redis unreachable: fenced writes never write through", () => {
  let proxy: FaultProxy;
  let redis: Redis;
  let tier: TestColdTier;
  let saver: TieredSaver;

  beforeAll(async () => {
    proxy = await startFaultProxy({ targetUrl: requiredEnv("REDIS_URL") });
    redis = new Redis(proxy.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    tier = await postgresColdTier();
    saver = await tieredSaver(redis, tier.cold, {
      keyPrefix: freshKeyPrefix(),
      commandTimeoutMs: 1_000,
      durableWhen: () => false,
      flusher: false,
      whenRedisUnavailable: "write-through",
    });
  });
  afterAll(async () => {
    proxy.heal();
    await saver.close();
    redis.disconnect();
    await proxy.close();
    await tier.drop();
  });

  it("a put or putWrites with a lease token fails; one without is written through", async () => {
    const [rootId] = await putChain(saver, "fenced", 1);
    const lease = await saver.acquireThreadLease("fenced", { ttlMs: 60_000 });
    proxy.refuseNew(true);
    proxy.cutAll();

    const parent = { thread_id: "fenced", checkpoint_ns: "", checkpoint_id: rootId };
    const leased = checkpointWith({ counter: 1 }, 1);
    await expect(
      saver.put(
        { configurable: { ...parent, [LEASE_TOKEN_KEY]: lease.token } },
        leased.checkpoint,
        leased.metadata,
        { counter: 2 },
      ),
    ).rejects.toMatchObject({ name: "BackendUnavailableError", backend: "redis" });
    await expect(
      saver.putWrites(
        { configurable: { ...parent, [LEASE_TOKEN_KEY]: lease.token } },
        [["note", "late"]],
        "t",
      ),
    ).rejects.toMatchObject({ name: "BackendUnavailableError", backend: "redis" });
    expect(await listedIds(saver.cold, "fenced")).toEqual([]);

    const unfenced = checkpointWith({ counter: 2 }, 1);
    await saver.put({ configurable: parent }, unfenced.checkpoint, unfenced.metadata, {
      counter: 3,
    });
    expect(await listedIds(saver.cold, "fenced")).toEqual([unfenced.checkpoint.id]);
  });
});
