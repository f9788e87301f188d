import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import type { Flusher } from "../src/flusher.js";
import type { ColdBatch, TieredSaver } from "../src/index.js";
import { collect, listedIds, putChain } from "./support/checkpoints.js";
import { usePerTestColdTier } from "./support/per-test-cold-tier.js";
import { tieredSaver } from "./support/test-tiers.js";
import { wrapColdTier } from "./support/wrapped-cold-tier.js";

/**
 * With the saver's own flusher running, the flusher carries the backlog to the cold tier; a
 * durable put writes through its own record only (write-through.test.ts covers a saver with
 * no flusher, whose durable put takes its thread's backlog along).
 */
describe("a durable put with the saver's own flusher running", () => {
  const tiers = usePerTestColdTier();

  /** A saver whose cold batches are recorded, closed after the test. */
  async function recordingSaver(
    options: Parameters<typeof tieredSaver>[2],
  ): Promise<{ saver: TieredSaver; batches: ColdBatch[] }> {
    const batches: ColdBatch[] = [];
    const cold = wrapColdTier(tiers.tier.cold, { afterWrite: (batch) => void batches.push(batch) });
    const saver = await tieredSaver(tiers.redis, cold, options);
    tiers.onCleanup(() => saver.close());
    return { saver, batches };
  }

  it("writes through its own checkpoint, self-contained, and leaves the backlog to the flusher", async () => {
    const { saver, batches } = await recordingSaver({
      durableWhen: (_checkpoint, metadata) => metadata.step === 3,
      // Running, but reading only when told to (flushOnce below), so the counts are exact.
      flusher: { mode: "in-process", pollIntervalMs: 600_000, lingerMs: 600_000 },
    });
    // The flusher's first full scan (at start) must be over before the writes.
    await new Promise((resolve) => setTimeout(resolve, 50));
    batches.length = 0;

    const ids = await putChain(saver, "durable-with-flusher", 4);

    expect(batches).toHaveLength(1);
    expect(batches[0]!.checkpoints).toHaveLength(1);
    const [own] = batches[0]!.checkpoints;
    expect(own?.checkpointId).toBe(ids[3]);
    // Self-contained: its parent is not in the cold tier yet.
    expect(own?.channelValues.map(({ channel }) => channel).sort()).toEqual(["counter", "label"]);
    const cold = await tiers.tier.cold.getTuple({
      configurable: { thread_id: "durable-with-flusher" },
    });
    expect(cold?.checkpoint.channel_values).toEqual({ counter: 3, label: "s3" });
    expect((await saver.metrics()).backlog).toBe(3);

    await (saver.flusher as Flusher).flushOnce();
    expect(await listedIds(tiers.tier.cold, "durable-with-flusher")).toEqual([...ids].reverse());
    expect((await saver.metrics()).backlog).toBe(0);
  });

  it("a graph's final checkpoint is whole in the cold tier when invoke returns; the flusher brings the rest", async () => {
    const { saver } = await recordingSaver({ flusher: { mode: "in-process" } });
    const State = Annotation.Root({
      log: Annotation<string[]>({ reducer: (a, b) => [...a, ...b], default: () => [] }),
    });
    const graph = new StateGraph(State)
      .addNode("first", () => ({ log: ["first"] }))
      .addNode("second", () => ({ log: ["second"] }))
      .addEdge(START, "first")
      .addEdge("first", "second")
      .addEdge("second", END)
      .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: "graph-with-flusher" } };

    await graph.invoke({ log: ["input"] }, config);

    const final = await tiers.tier.cold.getTuple(config);
    expect(final?.checkpoint.id).toBe((await saver.hot.getTuple(config))?.checkpoint.id);
    expect(final?.checkpoint.channel_values.log).toEqual(["input", "first", "second"]);
    await saver.flush("graph-with-flusher");
    const hotIds = (await collect(saver.hot.list(config))).map((tuple) => tuple.checkpoint.id);
    expect(await listedIds(tiers.tier.cold, "graph-with-flusher")).toEqual(hotIds);
  });
});
