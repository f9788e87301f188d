import { startFaultProxy } from "@checkpointkit/conformance";
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import { Redis } from "ioredis";
import { checkpointWith, threadConfig } from "./support/checkpoints.js";
import { usePerTestColdTier } from "./support/per-test-cold-tier.js";
import { postgresColdTier, requiredEnv, tieredSaver } from "./support/test-tiers.js";
import { waitUntil } from "./support/wait-until.js";

/** One tier down: what keeps working, and how fast what cannot work says so. */
describe("one tier down", () => {
  const fixture = usePerTestColdTier();

  it("cold tier down: a brand-new thread starts and resumes from Redis", async () => {
    const proxy = await startFaultProxy({ targetUrl: requiredEnv("POSTGRES_URL") });
    fixture.onCleanup(() => proxy.close());
    const tier = await postgresColdTier(proxy.url);
    fixture.onCleanup(() => tier.drop());
    const saver = await tieredSaver(fixture.redis, tier.cold, { durableWhen: () => false });
    fixture.onCleanup(async () => {
      proxy.heal();
      await saver.close();
    });
    proxy.refuseNew(true);
    proxy.cutAll();

    const State = Annotation.Root({
      total: Annotation<number>({ reducer: (a, b) => a + b, default: () => 0 }),
    });
    const graph = new StateGraph(State)
      .addNode("add", () => ({ total: 1 }))
      .addEdge(START, "add")
      .addEdge("add", END)
      .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: "born-during-outage" } };
    expect((await graph.invoke({ total: 1 }, config)).total).toBe(2);
    expect((await graph.invoke({ total: 10 }, config)).total).toBe(13);

    proxy.heal();
    await saver.flush(undefined, { timeoutMs: 20_000 });
    expect((await saver.cold.getTuple(config))?.checkpoint.channel_values).toMatchObject({
      total: 13,
    });
  }, 60_000);

  it("Redis down: a write fails fast (well within commandTimeoutMs) with BackendUnavailableError", async () => {
    const proxy = await startFaultProxy({ targetUrl: requiredEnv("REDIS_URL") });
    // Default client settings: ioredis retries a queued command 20 times before giving up.
    const redis = new Redis(proxy.url);
    redis.on("error", () => {});
    fixture.onCleanup(async () => {
      redis.disconnect();
      await proxy.close();
    });
    const commandTimeoutMs = 5_000;
    const saver = await tieredSaver(redis, fixture.tier.cold, {
      durableWhen: () => false,
      commandTimeoutMs,
    });
    fixture.onCleanup(() => saver.close());
    proxy.refuseNew(true);
    proxy.cutAll();
    await waitUntil(() => redis.status !== "ready", "the client noticed");

    const { checkpoint, metadata } = checkpointWith({ counter: 1 }, 0);
    const startedAt = Date.now();
    await expect(
      saver.put(threadConfig("no-redis"), checkpoint, metadata, { counter: 1 }),
    ).rejects.toMatchObject({ name: "BackendUnavailableError", backend: "redis" });
    // Generous: without its own check a put waits for the client to give up, 5-10 s.
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  }, 60_000);
});
