import { type FaultProxy, startFaultProxy } from "@checkpointkit/conformance";
import { Redis } from "ioredis";
import type { TieredSaver } from "../src/index.js";
import { checkpointWith, listedIds, putChain, threadConfig } from "./support/checkpoints.js";
import {
  freshKeyPrefix,
  postgresColdTier,
  requiredEnv,
  type TestColdTier,
  tieredSaver,
} from "./support/test-tiers.js";

/** Redis behind a fault proxy: cut off, the saver keeps reading and (as configured) writing. */
describe("Redis unreachable", () => {
  let proxy: FaultProxy;
  let redis: Redis;
  let tier: TestColdTier;
  const savers: TieredSaver[] = [];

  beforeAll(async () => {
    proxy = await startFaultProxy({ targetUrl: requiredEnv("REDIS_URL") });
    redis = new Redis(proxy.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    tier = await postgresColdTier();
  });
  afterAll(async () => {
    proxy.heal();
    for (const saver of savers) await saver.close();
    redis.disconnect();
    await proxy.close();
    await tier.drop();
  });

  it("reads come from the cold tier; writes fail fast, or write through when configured", async () => {
    const keyPrefix = freshKeyPrefix();
    const options = { keyPrefix, commandTimeoutMs: 1_000, durableWhen: () => false };
    const failing = await tieredSaver(redis, tier.cold, options);
    const writingThrough = await tieredSaver(redis, tier.cold, {
      ...options,
      flusher: false,
      whenRedisUnavailable: "write-through",
    });
    savers.push(failing, writingThrough);
    const ids = await putChain(failing, "outage", 3);
    await failing.flush();

    proxy.refuseNew(true);
    proxy.cutAll();

    expect((await failing.getTuple(threadConfig("outage")))?.checkpoint.id).toBe(ids[2]);
    expect(await listedIds(failing, "outage")).toEqual([...ids].reverse());

    // `untouched` travels with the checkpoint but is not among the put's new versions.
    const next = checkpointWith({ counter: 99, untouched: "unchanged" }, 3);
    const parent = {
      configurable: { thread_id: "outage", checkpoint_ns: "", checkpoint_id: ids[2] },
    };
    await expect(
      failing.put(parent, next.checkpoint, next.metadata, { counter: 4 }),
    ).rejects.toMatchObject({ name: "BackendUnavailableError", backend: "redis" });

    await writingThrough.put(parent, next.checkpoint, next.metadata, { counter: 4 });
    await writingThrough.putWrites(
      { configurable: { ...parent.configurable, checkpoint_id: next.checkpoint.id } },
      [["note", "written while Redis was away"]],
      "task-1",
    );
    const during = await writingThrough.getTuple(threadConfig("outage"));
    expect(during?.checkpoint.id).toBe(next.checkpoint.id);
    expect(during?.pendingWrites).toEqual([["task-1", "note", "written while Redis was away"]]);
    // The cold tier's size record names what the put changed, like the hot tier's would.
    const size = await writingThrough.getCheckpointSize({
      configurable: { ...parent.configurable, checkpoint_id: next.checkpoint.id },
    });
    expect(size?.channels.map(({ channel }) => channel)).toEqual(["counter"]);

    proxy.heal();
    // Redis is back but does not have the written-through checkpoint: the write-through
    // saver compares the latest of both tiers.
    await expect(redis.ping()).resolves.toBe("PONG");
    expect((await writingThrough.getTuple(threadConfig("outage")))?.checkpoint.id).toBe(
      next.checkpoint.id,
    );
    expect(await listedIds(writingThrough, "outage")).toEqual([
      next.checkpoint.id,
      ...[...ids].reverse(),
    ]);
  });
});
