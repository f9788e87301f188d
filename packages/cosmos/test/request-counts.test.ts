import {
  collect,
  createCosmosFaultInjector,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  threadConfig,
} from "@checkpointkit/conformance";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { CheckpointTuple, PendingWrite } from "@langchain/langgraph-checkpoint";
import type { CosmosSaver } from "../src/index.js";
import { useCosmosSaver } from "./use-cosmos-saver.js";

/**
 * Round trips per operation, counted by an SDK plugin that sees every HTTP attempt. The
 * client's caches (container definition, partition key ranges) are warmed first, the way a
 * long-running process has them. The SDK (4.x) also sends a query-plan request to the gateway
 * beside the first page of every query, concurrently with it and answered without reading
 * data; those are counted apart, so the numbers below are the data round trips.
 */
const injector = createCosmosFaultInjector();
const cosmos = useCosmosSaver({ injector, prepare: warmCaches });

async function warmCaches(saver: CosmosSaver): Promise<void> {
  const warmThread = freshThreadId("warm");
  const config = await saver.put(
    threadConfig(warmThread),
    makeCheckpoint({ a: 1 }),
    makeMetadata(),
    { a: 1 },
  );
  await saver.putWrites(config, [["a", 2]], "warm-task");
  await saver.getTuple(threadConfig(warmThread));
  await collect(saver.list(threadConfig(warmThread)));
}

async function requestsOf(operation: () => Promise<unknown>): Promise<number> {
  injector.reset();
  await operation();
  const dataRequests = injector.countRequests({ isQueryPlan: false });
  const queries = injector.countRequests({ operationType: "query", isQueryPlan: false });
  // At most one plan request per query, never anything else on the side.
  expect(injector.requestCount - dataRequests).toBeLessThanOrEqual(queries);
  return dataRequests;
}

/** Every request the operation sent, query plans included: what a user waits for and pays. */
async function allRequestsOf(operation: () => Promise<unknown>): Promise<number> {
  injector.reset();
  await operation();
  return injector.requestCount;
}

/** The kinds of the data requests sent (a query's plan request is counted apart). */
function operationTypes(): (string | undefined)[] {
  return injector.requests
    .filter((request) => !request.isQueryPlan)
    .map((request) => request.operationType);
}

async function fillThread(threadId: string, checkpoints: number): Promise<RunnableConfig> {
  let config = threadConfig(threadId);
  for (let step = 0; step < checkpoints; step += 1) {
    const checkpoint = makeCheckpoint({ step }, { step: step + 1 });
    config = await cosmos.saver.put(config, checkpoint, makeMetadata({ step }), {
      step: step + 1,
    });
    await cosmos.saver.putWrites(config, [["step", step]], `task-${step}`);
  }
  return config;
}

function writesOf(count: number): PendingWrite[] {
  return Array.from(
    { length: count },
    (_, index): PendingWrite => [`channel-${index % 7}`, { index }],
  );
}

describe("CosmosSaver request counts", () => {
  it("put is one transactional batch, for a thread's first checkpoint and for its children", async () => {
    const threadId = freshThreadId();
    const first = makeCheckpoint({ messages: ["hi"], step: 1 });
    let config = threadConfig(threadId);
    expect(
      await requestsOf(async () => {
        config = await cosmos.saver.put(config, first, makeMetadata(), first.channel_versions);
      }),
    ).toBe(1);
    const second = makeCheckpoint({ messages: ["hi", "there"], step: 1 }, { messages: 2, step: 1 });
    expect(
      await requestsOf(() => cosmos.saver.put(config, second, makeMetadata(), { messages: 2 })),
    ).toBe(1);
    expect(injector.requests[0]?.operationType).toBe("batch");
    expect(
      (await cosmos.saver.getTuple(threadConfig(threadId)))?.checkpoint.channel_values,
    ).toEqual({
      messages: ["hi", "there"],
      step: 1,
    });
  });

  it("getTuple of the latest checkpoint is two point requests, query plans included, whatever the history length", async () => {
    const threadId = freshThreadId();
    let config = threadConfig(threadId);
    for (let step = 0; step < 20; step += 1) {
      const checkpoint = makeCheckpoint({ step }, { step: step + 1 });
      config = await cosmos.saver.put(config, checkpoint, makeMetadata({ step }), {
        step: step + 1,
      });
    }
    await cosmos.saver.putWrites(config, [["step", 99]], "task");
    let tuple: Awaited<ReturnType<CosmosSaver["getTuple"]>>;
    expect(
      await allRequestsOf(async () => {
        tuple = await cosmos.saver.getTuple(threadConfig(threadId));
      }),
    ).toBe(2);
    // The head, then one transactional batch of point reads: no query, so no query plan.
    expect(operationTypes()).toEqual(["read", "batch"]);
    expect(tuple?.checkpoint.channel_values.step).toBe(19);
    expect(tuple?.pendingWrites).toEqual([["task", "step", 99]]);
  });

  it("getTuple of the latest checkpoint reads the values it carries no copy of in the same batch", async () => {
    const threadId = freshThreadId();
    const big = "x".repeat(100_000);
    const first = makeCheckpoint({ big, small: 1 });
    let config = await cosmos.saver.put(threadConfig(threadId), first, makeMetadata(), {
      big: 1,
      small: 1,
    });
    // Only `small` changes: `big` lives in its value item, written once by the first put.
    const second = makeCheckpoint({ big, small: 2 }, { big: 1, small: 2 });
    config = await cosmos.saver.put(config, second, makeMetadata(), { small: 2 });
    let tuple: Awaited<ReturnType<CosmosSaver["getTuple"]>>;
    expect(
      await allRequestsOf(async () => {
        tuple = await cosmos.saver.getTuple(threadConfig(threadId));
      }),
    ).toBe(2);
    expect(operationTypes()).toEqual(["read", "batch"]);
    expect(tuple?.checkpoint.channel_values).toEqual({ big, small: 2 });
    expect(await allRequestsOf(() => cosmos.saver.getTuple(config))).toBe(2);
  });

  it("getTuple of a checkpoint by id is two point requests, query plans included", async () => {
    const threadId = freshThreadId();
    const checkpoint = makeCheckpoint({ a: "A" });
    const config = await cosmos.saver.put(threadConfig(threadId), checkpoint, makeMetadata(), {
      a: 1,
    });
    await cosmos.saver.putWrites(config, [["a", "B"]], "task");
    let tuple: Awaited<ReturnType<CosmosSaver["getTuple"]>>;
    expect(
      await allRequestsOf(async () => {
        tuple = await cosmos.saver.getTuple(config);
      }),
    ).toBe(2);
    expect(operationTypes()).toEqual(["read", "batch"]);
    expect(tuple?.checkpoint.channel_values).toEqual({ a: "A" });
    expect(tuple?.pendingWrites).toEqual([["task", "a", "B"]]);
    // A checkpoint that does not exist: one point read.
    expect(
      await allRequestsOf(() =>
        cosmos.saver.getTuple({
          configurable: { thread_id: threadId, checkpoint_ns: "", checkpoint_id: "no-such" },
        }),
      ),
    ).toBe(1);
  });

  it("putWrites is one patch of the checkpoint's writes item, whatever the number of writes", async () => {
    const threadId = freshThreadId();
    const config = await cosmos.saver.put(
      threadConfig(threadId),
      makeCheckpoint(),
      makeMetadata(),
      {},
    );
    expect(await requestsOf(() => cosmos.saver.putWrites(config, writesOf(100), "task-a"))).toBe(1);
    expect(await requestsOf(() => cosmos.saver.putWrites(config, writesOf(101), "task-b"))).toBe(1);
    expect(operationTypes()).toEqual(["patch"]);
    const tuple = await cosmos.saver.getTuple(config);
    expect(tuple?.pendingWrites).toHaveLength(201);
  });

  it("replaying a task's writes is one request and changes nothing a reader sees", async () => {
    const threadId = freshThreadId();
    const config = await cosmos.saver.put(
      threadConfig(threadId),
      makeCheckpoint(),
      makeMetadata(),
      {},
    );
    await cosmos.saver.putWrites(config, writesOf(50), "task");
    const before = (await cosmos.saver.getTuple(config))?.pendingWrites;
    expect(await requestsOf(() => cosmos.saver.putWrites(config, writesOf(50), "task"))).toBe(1);
    const after = (await cosmos.saver.getTuple(config))?.pendingWrites;
    expect(after).toHaveLength(50);
    expect(after).toEqual(before);
  });

  it("a list page is one query, query plan included in the first page's two requests", async () => {
    const threadId = freshThreadId();
    await fillThread(threadId, 5);
    let listed: CheckpointTuple[] = [];
    expect(
      await allRequestsOf(async () => {
        listed = await collect(cosmos.saver.list(threadConfig(threadId)));
      }),
    ).toBe(2);
    expect(operationTypes()).toEqual(["query"]);
    expect(listed.map((tuple) => tuple.checkpoint.channel_values.step)).toEqual([4, 3, 2, 1, 0]);
    expect(listed.map((tuple) => tuple.pendingWrites)).toEqual(
      [4, 3, 2, 1, 0].map((step) => [[`task-${step}`, "step", step]]),
    );
    // The first page of a longer history, with a limit: the same two requests.
    const longThread = freshThreadId();
    await fillThread(longThread, 30);
    expect(
      await allRequestsOf(async () => {
        listed = await collect(cosmos.saver.list(threadConfig(longThread), { limit: 20 }));
      }),
    ).toBe(2);
    expect(listed).toHaveLength(20);
    expect(listed[19]?.pendingWrites).toEqual([["task-10", "step", 10]]);
  });

  it("listing a long history costs one request per page of 100 checkpoints, plus the query plan", async () => {
    const threadId = freshThreadId();
    await fillThread(threadId, 250);
    let listed: CheckpointTuple[] = [];
    expect(
      await allRequestsOf(async () => {
        listed = await collect(cosmos.saver.list(threadConfig(threadId)));
      }),
    ).toBe(4);
    expect(listed.map((tuple) => tuple.checkpoint.channel_values.step)).toEqual(
      Array.from({ length: 250 }, (_, index) => 249 - index),
    );
    expect(listed.every((tuple, index) => tuple.pendingWrites?.[0]?.[2] === 249 - index)).toBe(
      true,
    );
  });

  it("a list page reads the values its checkpoints carry no copy of in one batch, once", async () => {
    const threadId = freshThreadId();
    const big = "x".repeat(100_000);
    let config = await cosmos.saver.put(
      threadConfig(threadId),
      makeCheckpoint({ big, step: 0 }),
      makeMetadata(),
      { big: 1, step: 1 },
    );
    for (let step = 1; step < 5; step += 1) {
      const checkpoint = makeCheckpoint({ big, step }, { big: 1, step: step + 1 });
      config = await cosmos.saver.put(config, checkpoint, makeMetadata(), { step: step + 1 });
    }
    let listed: CheckpointTuple[] = [];
    expect(
      await allRequestsOf(async () => {
        listed = await collect(cosmos.saver.list(threadConfig(threadId)));
      }),
    ).toBe(3);
    expect(operationTypes()).toEqual(["query", "batch"]);
    expect(listed.map((tuple) => tuple.checkpoint.channel_values)).toEqual(
      [4, 3, 2, 1, 0].map((step) => ({ big, step })),
    );
  });

  it("getDeltaChannelHistory is two queries however long the chain", async () => {
    const threadId = freshThreadId();
    let config = threadConfig(threadId);
    config = await cosmos.saver.put(config, makeCheckpoint({ messages: [0] }), makeMetadata(), {
      messages: 1,
    });
    for (let step = 1; step <= 10; step += 1) {
      await cosmos.saver.putWrites(config, [["messages", [step]]], `task-${step}`);
      config = await cosmos.saver.put(config, makeCheckpoint({}, {}), makeMetadata(), {});
    }
    let history: Awaited<ReturnType<CosmosSaver["getDeltaChannelHistory"]>> = {};
    expect(
      await requestsOf(async () => {
        history = await cosmos.saver.getDeltaChannelHistory({ config, channels: ["messages"] });
      }),
    ).toBe(2);
    expect(history.messages?.seed).toEqual([0]);
    // Without a checkpoint id the newest checkpoint is the target, still in two queries.
    let latestHistory: typeof history = {};
    expect(
      await requestsOf(async () => {
        latestHistory = await cosmos.saver.getDeltaChannelHistory({
          config: threadConfig(threadId),
          channels: ["messages"],
        });
      }),
    ).toBe(2);
    expect(latestHistory).toEqual(history);
    expect(history.messages?.writes.map((write) => write[2])).toEqual(
      Array.from({ length: 10 }, (_, index) => [index + 1]),
    );
  });

  it("getCheckpointSize is one point read, threadSizeSummary one query, with no query plan for the point read", async () => {
    const threadId = freshThreadId();
    const config = await fillThread(threadId, 5);
    expect(await allRequestsOf(() => cosmos.saver.getCheckpointSize(config))).toBe(1);
    expect(operationTypes()).toEqual(["read"]);
    expect(await requestsOf(() => cosmos.saver.threadSizeSummary(threadId, { lastN: 3 }))).toBe(1);
    expect(operationTypes()).toEqual(["query"]);
  });

  it("listThreads is one query per page (plus its query plan), and refuses a bad cursor without a request", async () => {
    const prefix = `${freshThreadId("catalog")}/`;
    for (let index = 0; index < 5; index += 1) {
      await cosmos.saver.put(
        threadConfig(`${prefix}${index}`),
        makeCheckpoint({ a: index }),
        makeMetadata(),
        { a: 1 },
      );
    }
    let cursor: string | undefined;
    let pages = 0;
    do {
      injector.reset();
      const page = await cosmos.saver.listThreads({ threadIdPrefix: prefix, limit: 2, cursor });
      expect(injector.countRequests({ isQueryPlan: false })).toBe(1);
      expect(injector.requestCount).toBeLessThanOrEqual(2);
      expect(operationTypes()).toEqual(["query"]);
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(
      await allRequestsOf(() =>
        cosmos.saver.listThreads({ cursor: "forged" }).catch((error: unknown) => error),
      ),
    ).toBe(0);
  });

  it("put stays one batch when it starts a subgraph namespace (the thread totals ride in the batch)", async () => {
    const threadId = freshThreadId();
    const root = await cosmos.saver.put(
      threadConfig(threadId),
      makeCheckpoint({ a: 1 }),
      makeMetadata(),
      { a: 1 },
    );
    expect(
      await requestsOf(() =>
        cosmos.saver.put(
          threadConfig(threadId, "inner"),
          makeCheckpoint({ b: 1 }),
          makeMetadata(),
          {
            b: 1,
          },
        ),
      ),
    ).toBe(1);
    expect(root.configurable?.checkpoint_id).toBeDefined();
  });

  it("deleteThread is one partition-key delete", async () => {
    const threadId = freshThreadId();
    await cosmos.saver.put(threadConfig(threadId), makeCheckpoint({ a: 1 }), makeMetadata(), {
      a: 1,
    });
    expect(await requestsOf(() => cosmos.saver.deleteThread(threadId))).toBe(1);
    expect(await cosmos.saver.getTuple(threadConfig(threadId))).toBeUndefined();
  });

  it("prune is one scan query, then per 50 pruned checkpoints two queries and a batch per 100 deletes", async () => {
    const threadId = freshThreadId();
    let config = threadConfig(threadId);
    for (let step = 0; step < 20; step += 1) {
      const checkpoint = makeCheckpoint({ step }, { step: step + 1 });
      config = await cosmos.saver.put(config, checkpoint, makeMetadata(), { step: step + 1 });
      await cosmos.saver.putWrites(config, [["step", step]], `task-${step}`);
    }
    let deleted = 0;
    // Scan; the 19 victims' writes; chunk ids of what goes; one batch of 57 deletes.
    expect(
      await requestsOf(async () => {
        deleted = (await cosmos.saver.prune({ threadId, keepLatest: 1 })).deletedCheckpoints;
      }),
    ).toBe(4);
    expect(deleted).toBe(19);
    // Nothing left to prune: the scan only.
    expect(await requestsOf(() => cosmos.saver.prune({ threadId, keepLatest: 1 }))).toBe(1);
  });

  it("copyThread is four queries (chunks, values and writes, checkpoints, heads) plus a batch per 100 items, then the target thread totals", async () => {
    const sourceId = freshThreadId("source");
    let config = threadConfig(sourceId);
    for (let step = 0; step < 20; step += 1) {
      const checkpoint = makeCheckpoint({ step }, { step: step + 1 });
      config = await cosmos.saver.put(config, checkpoint, makeMetadata(), { step: step + 1 });
      await cosmos.saver.putWrites(config, [["step", step]], `task-${step}`);
    }
    const targetId = freshThreadId("target");
    // 20 values + 20 writes, 20 checkpoints, 1 head: three batches; no chunks, no batch; then
    // the new target's thread item: one count of its checkpoints and one batch creating it.
    expect(await requestsOf(() => cosmos.saver.copyThread(sourceId, targetId))).toBe(9);
    expect(
      (await cosmos.saver.getTuple(threadConfig(targetId)))?.checkpoint.channel_values,
    ).toEqual({
      step: 19,
    });
  });
});
