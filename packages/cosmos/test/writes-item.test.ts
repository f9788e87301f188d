import {
  collect,
  createCosmosFaultInjector,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  threadConfig,
} from "@checkpointkit/conformance";
import type { RunnableConfig } from "@langchain/core/runnables";
import { INTERRUPT } from "@langchain/langgraph-checkpoint";
import { countByKind, danglingReferences, partitionItems } from "./cosmos-test-saver.js";
import { useCosmosSaver } from "./use-cosmos-saver.js";

/**
 * The per-checkpoint writes item under concurrency: parallel tasks append to it at once,
 * writes may arrive before their checkpoint, and it never grows past the item limit.
 */
const injector = createCosmosFaultInjector();
const cosmos = useCosmosSaver({ injector });

async function rootCheckpoint(threadId: string): Promise<RunnableConfig> {
  return cosmos.saver.put(threadConfig(threadId), makeCheckpoint({ a: 1 }), makeMetadata(), {
    a: 1,
  });
}

describe("CosmosSaver writes item", () => {
  it("loses no write when 30 tasks write to one checkpoint at the same time", async () => {
    const config = await rootCheckpoint(freshThreadId());
    const tasks = Array.from({ length: 30 }, (_, task) => `task-${String(task).padStart(2, "0")}`);
    await Promise.all(
      tasks.map((taskId, task) =>
        cosmos.saver.putWrites(
          config,
          [
            ["a", task],
            ["b", `b${task}`],
            ["c", { task }],
          ],
          taskId,
        ),
      ),
    );
    const expected = tasks.flatMap((taskId, task) => [
      [taskId, "a", task],
      [taskId, "b", `b${task}`],
      [taskId, "c", { task }],
    ]);
    expect((await cosmos.saver.getTuple(config))?.pendingWrites).toEqual(expected);
    const [listed] = await collect(cosmos.saver.list(config));
    expect(listed?.pendingWrites).toEqual(expected);
  });

  it("keeps one value per (task, idx) when the same regular write races with itself: the first stored", async () => {
    const config = await rootCheckpoint(freshThreadId());
    await Promise.all(
      Array.from({ length: 10 }, (_, attempt) =>
        cosmos.saver.putWrites(config, [["a", `attempt ${attempt}`]], "task"),
      ),
    );
    const tuple = await cosmos.saver.getTuple(config);
    expect(tuple?.pendingWrites).toHaveLength(1);
    // Later writes of the same (task, idx) never replace it.
    await cosmos.saver.putWrites(config, [["a", "later"]], "task");
    expect((await cosmos.saver.getTuple(config))?.pendingWrites).toEqual(tuple?.pendingWrites);
    expect((await collect(cosmos.saver.list(config)))[0]?.pendingWrites).toEqual(
      tuple?.pendingWrites,
    );
  });

  it("a special channel keeps its last write, also when the calls race", async () => {
    const config = await rootCheckpoint(freshThreadId());
    await cosmos.saver.putWrites(config, [[INTERRUPT, "first"]], "task");
    await Promise.all([
      cosmos.saver.putWrites(config, [[INTERRUPT, "second"]], "task"),
      cosmos.saver.putWrites(config, [["a", 1]], "other"),
    ]);
    await cosmos.saver.putWrites(config, [[INTERRUPT, "third"]], "task");
    expect((await cosmos.saver.getTuple(config))?.pendingWrites).toEqual([
      ["other", "a", 1],
      ["task", INTERRUPT, "third"],
    ]);
  });

  it("keeps writes that arrive before their checkpoint, and the checkpoint's put still lands", async () => {
    const threadId = freshThreadId();
    const root = await rootCheckpoint(threadId);
    const child = makeCheckpoint({ a: 2 }, { a: 2 });
    const childConfig = {
      configurable: { thread_id: threadId, checkpoint_ns: "", checkpoint_id: child.id },
    };
    await cosmos.saver.putWrites(childConfig, [["a", "early"]], "task");
    injector.reset();
    await cosmos.saver.put(root, child, makeMetadata(), { a: 2 });
    // The batch found the writes item there: resent without creating it.
    expect(injector.countRequests({ operationType: "batch" })).toBe(2);
    const latest = await cosmos.saver.getTuple(threadConfig(threadId));
    expect(latest?.checkpoint.channel_values).toEqual({ a: 2 });
    expect(latest?.pendingWrites).toEqual([["task", "a", "early"]]);
  });

  it("loses no write when puts and writes of parallel tasks race on a new checkpoint", async () => {
    const threadId = freshThreadId();
    const root = await rootCheckpoint(threadId);
    const child = makeCheckpoint({ a: 2 }, { a: 2 });
    const childConfig = {
      configurable: { thread_id: threadId, checkpoint_ns: "", checkpoint_id: child.id },
    };
    await Promise.all([
      ...Array.from({ length: 10 }, (_, task) =>
        cosmos.saver.putWrites(childConfig, [["a", task]], `task-${task}`),
      ),
      cosmos.saver.put(root, child, makeMetadata(), { a: 2 }),
    ]);
    expect((await cosmos.saver.getTuple(childConfig))?.pendingWrites).toHaveLength(10);
  });

  it("moves large payloads out of the writes item, so calls adding up past 2 MB still store", async () => {
    const threadId = freshThreadId();
    const config = await rootCheckpoint(threadId);
    // 12 calls of ~150 KB inline each: the item would pass the 2 MB limit after about 10.
    const values = Array.from({ length: 12 }, (_, call) => `${call}`.repeat(150_000));
    for (const [call, value] of values.entries()) {
      await cosmos.saver.putWrites(
        config,
        [["big", value]],
        `task-${String(call).padStart(2, "0")}`,
      );
    }
    // One call larger than the per-call inline budget.
    const huge = "h".repeat(400_000);
    await cosmos.saver.putWrites(config, [["huge", huge]], "task-huge");
    const tuple = await cosmos.saver.getTuple(config);
    expect(tuple?.pendingWrites?.map((write) => write[2])).toEqual([...values, huge]);
    const items = await partitionItems(cosmos.saver, threadId);
    expect(countByKind(items).chunk).toBeGreaterThan(0);
    expect(danglingReferences(items)).toEqual([]);
  });
});
