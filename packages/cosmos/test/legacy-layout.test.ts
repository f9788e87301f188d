import {
  collect,
  createCosmosFaultInjector,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  threadConfig,
} from "@checkpointkit/conformance";
import type { RunnableConfig } from "@langchain/core/runnables";
import { ERROR, INTERRUPT } from "@langchain/langgraph-checkpoint";
import { writesItemId } from "../src/cosmos-items.js";
import type { CosmosSaver } from "../src/index.js";
import { countByKind, type InspectedItem, partitionItems } from "./cosmos-test-saver.js";
import { rewriteAsLegacyLayout } from "./legacy-layout.js";
import { useCosmosSaver } from "./use-cosmos-saver.js";

/**
 * Threads written by the releases before writes items (every pending write its own `write`
 * item, no value copies, heads without `writes_id`) read back exactly as before, and go on
 * being written: no migration is needed.
 */
const injector = createCosmosFaultInjector();
const cosmos = useCosmosSaver({ injector });

/** A thread with a root and a subgraph namespace, regular and special writes, 6 checkpoints. */
async function writeThread(saver: CosmosSaver, threadId: string): Promise<RunnableConfig> {
  let config = threadConfig(threadId);
  for (let step = 0; step < 5; step += 1) {
    const checkpoint = makeCheckpoint({ step, constant: "kept" }, { step: step + 1, constant: 1 });
    config = await saver.put(
      config,
      checkpoint,
      makeMetadata({ step }),
      step === 0 ? { step: 1, constant: 1 } : { step: step + 1 },
    );
    await saver.putWrites(
      config,
      [
        ["step", step],
        ["log", `a${step}`],
      ],
      `task-a-${step}`,
    );
    await saver.putWrites(config, [[ERROR, { message: `failed ${step}` }]], `task-b-${step}`);
  }
  await saver.putWrites(config, [[INTERRUPT, { value: "first" }]], "task-c");
  await saver.putWrites(config, [[INTERRUPT, { value: "second" }]], "task-c");
  await saver.put(threadConfig(threadId, "inner"), makeCheckpoint({ x: 1 }), makeMetadata(), {
    x: 1,
  });
  return config;
}

async function readEverything(saver: CosmosSaver, threadId: string, config: RunnableConfig) {
  return {
    latest: await saver.getTuple(threadConfig(threadId)),
    byId: await saver.getTuple(config),
    inner: await saver.getTuple(threadConfig(threadId, "inner")),
    list: await collect(saver.list({ configurable: { thread_id: threadId } })),
    filtered: await collect(saver.list(threadConfig(threadId), { filter: { step: 2 } })),
    limited: await collect(saver.list(threadConfig(threadId), { limit: 2 })),
    history: await saver.getDeltaChannelHistory({ config, channels: ["step", "log"] }),
  };
}

describe("CosmosSaver reading the layout before writes items", () => {
  it("reads a thread rewritten into the old layout exactly as it read it before", async () => {
    const threadId = freshThreadId("legacy");
    const config = await writeThread(cosmos.saver, threadId);
    const before = await readEverything(cosmos.saver, threadId, config);
    expect(before.latest?.pendingWrites).toContainEqual(["task-c", INTERRUPT, { value: "second" }]);

    expect(await rewriteAsLegacyLayout(cosmos.saver, threadId)).toBe(16);
    const kinds = countByKind(await partitionItems(cosmos.saver, threadId));
    expect(kinds.writes).toBeUndefined();
    expect(kinds.write).toBe(16);

    expect(await readEverything(cosmos.saver, threadId, config)).toEqual(before);
    // The old layout is read with queries, as the old releases did.
    injector.reset();
    await cosmos.saver.getTuple(threadConfig(threadId));
    expect(injector.countRequests({ operationType: "query", isQueryPlan: false })).toBe(1);
  });

  it("keeps writing an old thread: new writes to old checkpoints and new checkpoints read back whole", async () => {
    const threadId = freshThreadId("legacy-continued");
    let config = await writeThread(cosmos.saver, threadId);
    await rewriteAsLegacyLayout(cosmos.saver, threadId);

    // A write to an old checkpoint: regular writes keep their first record, special ones
    // their last, across both layouts.
    await cosmos.saver.putWrites(config, [["step", "replayed"]], "task-a-4");
    await cosmos.saver.putWrites(config, [[INTERRUPT, { value: "third" }]], "task-c");
    await cosmos.saver.putWrites(config, [["late", "new"]], "task-d");
    const old = await cosmos.saver.getTuple(config);
    expect(old?.pendingWrites).toEqual([
      ["task-a-4", "step", 4],
      ["task-a-4", "log", "a4"],
      ["task-b-4", ERROR, { message: "failed 4" }],
      ["task-c", INTERRUPT, { value: "third" }],
      ["task-d", "late", "new"],
    ]);
    expect((await cosmos.saver.getTuple(threadConfig(threadId)))?.pendingWrites).toEqual(
      old?.pendingWrites,
    );

    // A new checkpoint on top: the head moves to the new layout; values written by the old
    // checkpoints are still referenced and read.
    config = await cosmos.saver.put(
      config,
      makeCheckpoint({ step: 5, constant: "kept" }, { step: 6, constant: 1 }),
      makeMetadata({ step: 5 }),
      { step: 6 },
    );
    await cosmos.saver.putWrites(config, [["step", 5]], "task-a-5");
    injector.reset();
    const latest = await cosmos.saver.getTuple(threadConfig(threadId));
    expect(injector.requestCount).toBe(2);
    expect(latest?.checkpoint.channel_values).toEqual({ step: 5, constant: "kept" });
    expect(latest?.pendingWrites).toEqual([["task-a-5", "step", 5]]);

    const listed = await collect(cosmos.saver.list(threadConfig(threadId)));
    expect(listed.map((tuple) => tuple.metadata?.step)).toEqual([5, 4, 3, 2, 1, 0]);
    expect(listed[1]?.pendingWrites).toEqual(old?.pendingWrites);
    expect(listed.every((tuple) => tuple.checkpoint.channel_values.constant === "kept")).toBe(true);
  });

  it("a head moved by an old release (its writes_id and read_value_ids left stale) is read through the old path", async () => {
    const threadId = freshThreadId("stale-head");
    let config = threadConfig(threadId);
    for (const a of [1, 2, 3]) {
      config = await cosmos.saver.put(config, makeCheckpoint({ a }, { a }), makeMetadata(), { a });
      await cosmos.saver.putWrites(config, [["a", a * 10]], `task-${a}`);
    }
    // The third checkpoint as an old release writes it: a legacy checkpoint and `write` item,
    // and a head patch that sets only `checkpoint_id` and `value_ids`.
    await rewriteAsLegacyLayout(cosmos.saver, threadId);
    const secondId = String(
      (await cosmos.saver.getTuple(threadConfig(threadId)))?.parentConfig?.configurable
        ?.checkpoint_id,
    );
    const items = await partitionItems(cosmos.saver, threadId);
    const head = items.find((item) => item.kind === "head") as InspectedItem;
    const { resource } = await cosmos.saver.container.item(head.id, threadId).read();
    const stale = await cosmos.saver.container.items.upsert({
      ...resource,
      writes_id: writesItemId("", secondId),
      read_value_ids: [],
    });
    expect(stale.statusCode).toBe(200);

    const latest = await cosmos.saver.getTuple(threadConfig(threadId));
    expect(latest?.checkpoint.channel_values).toEqual({ a: 3 });
    expect(latest?.pendingWrites).toEqual([["task-3", "a", 30]]);
  });
});
