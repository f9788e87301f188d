import { Annotation, Command, END, interrupt, START, StateGraph } from "@langchain/langgraph";
import type { Redis } from "ioredis";
import type { ColdBatch, TieredSaver } from "../src/index.js";
import { checkpointWith, listedIds, putChain, threadConfig } from "./support/checkpoints.js";
import {
  newRedisClient,
  postgresColdTier,
  type TestColdTier,
  tieredSaver,
} from "./support/test-tiers.js";
import { wrapColdTier } from "./support/wrapped-cold-tier.js";

/**
 * With no flusher running, the only way into the cold tier is the synchronous write-through
 * of `durable` writes: what the cold tier holds here is exactly what was written through.
 */
describe("durable writes (no flusher running)", () => {
  let redis: Redis;
  let tier: TestColdTier;
  let saver: TieredSaver;

  beforeAll(async () => {
    redis = newRedisClient();
  });
  beforeEach(async () => {
    tier = await postgresColdTier();
  });
  afterEach(async () => {
    await saver?.close();
    await tier.drop();
  });
  afterAll(async () => {
    await redis.quit();
  });

  it("acknowledgement durable: put resolves only once the cold tier has the checkpoint", async () => {
    saver = await tieredSaver(redis, tier.cold, { flusher: false, acknowledgement: "durable" });
    const ids = await putChain(saver, "durable-thread", 3);
    expect(await listedIds(saver.cold, "durable-thread")).toEqual([...ids].reverse());
    // Written through, so nothing is left in the outbox for a flusher.
    expect((await saver.metrics()).backlog).toBe(0);
  });

  it("acknowledgement memory: nothing reaches the cold tier without a flusher, flush() would wait", async () => {
    saver = await tieredSaver(redis, tier.cold, { flusher: false, durableWhen: () => false });
    await putChain(saver, "memory-thread", 3);
    expect(await listedIds(saver.cold, "memory-thread")).toEqual([]);
    expect((await saver.metrics()).backlog).toBe(3);
    await expect(saver.flush("memory-thread", { timeoutMs: 200 })).rejects.toThrow(
      /flush did not finish/,
    );
  });

  it("a durableWhen rule writes chosen checkpoints through (with the backlog before them), later ones stay write-behind", async () => {
    saver = await tieredSaver(redis, tier.cold, {
      flusher: false,
      durableWhen: (_checkpoint, metadata) => metadata.step === 1,
    });
    const ids = await putChain(saver, "rule-thread", 4);
    expect(await listedIds(saver.cold, "rule-thread")).toEqual([ids[1], ids[0]]);
    expect((await saver.metrics()).backlog).toBe(2);
  });

  it("a durable put ships its thread's backlog with it, in one cold batch", async () => {
    const batches: ColdBatch[] = [];
    saver = await tieredSaver(
      redis,
      wrapColdTier(tier.cold, { afterWrite: (batch) => void batches.push(batch) }),
      { flusher: false, durableWhen: (_checkpoint, metadata) => metadata.step === 4 },
    );
    const other = await putChain(saver, "bystander", 2);
    const ids = await putChain(saver, "backlog-thread", 5);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.checkpoints.map((record) => record.checkpointId)).toEqual(ids);
    expect(await listedIds(saver.cold, "backlog-thread")).toEqual([...ids].reverse());
    // Another thread's entries stay in the outbox for the flusher.
    expect(await listedIds(saver.cold, "bystander")).toEqual([]);
    expect((await saver.metrics()).backlog).toBe(other.length);
  });

  it("a graph's interrupt and its final checkpoint are in the cold tier when invoke returns", async () => {
    saver = await tieredSaver(redis, tier.cold, { flusher: false });
    const State = Annotation.Root({
      total: Annotation<number>({ reducer: (a, b) => a + b, default: () => 0 }),
    });
    const graph = new StateGraph(State)
      .addNode("add", () => ({ total: 1 }))
      .addNode("ask", () => ({ total: Number(interrupt("how many?")) }))
      .addEdge(START, "add")
      .addEdge("add", "ask")
      .addEdge("ask", END)
      .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: "graph-thread" } };

    await graph.invoke({ total: 1 }, config);
    const interrupted = await saver.cold.getTuple(config);
    expect(interrupted?.pendingWrites?.some(([, channel]) => channel === "__interrupt__")).toBe(
      true,
    );
    expect(interrupted?.checkpoint.id).toBe((await saver.hot.getTuple(config))?.checkpoint.id);

    const result = await graph.invoke(new Command({ resume: 40 }), config);
    expect(result.total).toBe(42);
    const final = await saver.cold.getTuple(config);
    expect(final?.checkpoint.id).toBe((await saver.hot.getTuple(config))?.checkpoint.id);
    expect(final?.checkpoint.channel_values.total).toBe(42);
  });

  it("a graph with a fan-in writes through its final checkpoint only, not the one that completes the join", async () => {
    const batches: ColdBatch[] = [];
    saver = await tieredSaver(
      redis,
      wrapColdTier(tier.cold, { afterWrite: (batch) => void batches.push(batch) }),
      { flusher: false },
    );
    const State = Annotation.Root({
      seen: Annotation<string[]>({ reducer: (a, b) => [...a, ...b], default: () => [] }),
    });
    const graph = new StateGraph(State)
      .addNode("left", () => ({ seen: ["left"] }))
      .addNode("right", () => ({ seen: ["right"] }))
      .addNode("joined", () => ({ seen: ["joined"] }))
      .addEdge(START, "left")
      .addEdge(START, "right")
      .addEdge(["left", "right"], "joined")
      .addEdge("joined", END)
      .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: "fan-in" } };
    await graph.invoke({ seen: [] }, config);
    // One write-through (the final checkpoint, with the backlog before it).
    expect(batches).toHaveLength(1);
    const final = await saver.cold.getTuple(config);
    expect(final?.checkpoint.id).toBe((await saver.hot.getTuple(config))?.checkpoint.id);
    expect(final?.checkpoint.channel_values.seen).toHaveLength(3);
  });

  it("a put identical to one already stored resolves durably once it is flushed", async () => {
    saver = await tieredSaver(redis, tier.cold, { acknowledgement: "durable" });
    const { checkpoint, metadata } = checkpointWith({ a: 1 }, 0);
    await saver.put(threadConfig("same"), checkpoint, metadata, { a: 1 });
    await saver.put(threadConfig("same"), checkpoint, metadata, { a: 1 });
    expect(await listedIds(saver.cold, "same")).toEqual([checkpoint.id]);
  });
});
