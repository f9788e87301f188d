import {
  collect,
  createCosmosFaultInjector,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  threadConfig,
} from "@checkpointkit/conformance";
import type { PendingWrite } from "@langchain/langgraph-checkpoint";
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

  it("getTuple of the latest checkpoint is a point read plus one query, whatever the history length", async () => {
    const threadId = freshThreadId();
    let config = threadConfig(threadId);
    for (let step = 0; step < 20; step += 1) {
      const checkpoint = makeCheckpoint({ step }, { step: step + 1 });
      config = await cosmos.saver.put(config, checkpoint, makeMetadata({ step }), {
        step: step + 1,
      });
    }
    await cosmos.saver.putWrites(config, [["step", 99]], "task");
    let latestStep: unknown;
    expect(
      await requestsOf(async () => {
        latestStep = (await cosmos.saver.getTuple(threadConfig(threadId)))?.checkpoint
          .channel_values.step;
      }),
    ).toBe(2);
    expect(latestStep).toBe(19);
    const dataRequests = injector.requests.filter((request) => !request.isQueryPlan);
    expect(dataRequests.map((request) => request.operationType)).toEqual(["read", "query"]);
  });

  it("getTuple of a checkpoint by id is two queries", async () => {
    const threadId = freshThreadId();
    const checkpoint = makeCheckpoint({ a: "A" });
    const config = await cosmos.saver.put(threadConfig(threadId), checkpoint, makeMetadata(), {
      a: 1,
    });
    expect(await requestsOf(() => cosmos.saver.getTuple(config))).toBe(2);
  });

  it("putWrites of up to 100 writes is one batch; 101 writes are two", async () => {
    const threadId = freshThreadId();
    const config = await cosmos.saver.put(
      threadConfig(threadId),
      makeCheckpoint(),
      makeMetadata(),
      {},
    );
    expect(await requestsOf(() => cosmos.saver.putWrites(config, writesOf(100), "task-a"))).toBe(1);
    expect(await requestsOf(() => cosmos.saver.putWrites(config, writesOf(101), "task-b"))).toBe(2);
    const tuple = await cosmos.saver.getTuple(config);
    expect(tuple?.pendingWrites).toHaveLength(201);
  });

  it("replaying a task's writes costs a conflict check, not one request per write", async () => {
    const threadId = freshThreadId();
    const config = await cosmos.saver.put(
      threadConfig(threadId),
      makeCheckpoint(),
      makeMetadata(),
      {},
    );
    await cosmos.saver.putWrites(config, writesOf(50), "task");
    expect(
      await requestsOf(() => cosmos.saver.putWrites(config, writesOf(50), "task")),
    ).toBeLessThanOrEqual(3);
    expect((await cosmos.saver.getTuple(config))?.pendingWrites).toHaveLength(50);
  });

  it("a list page is one query for checkpoints plus one for their values and writes", async () => {
    const threadId = freshThreadId();
    let config = threadConfig(threadId);
    for (let step = 0; step < 5; step += 1) {
      config = await cosmos.saver.put(
        config,
        makeCheckpoint({ step }, { step: step + 1 }),
        makeMetadata(),
        {
          step: step + 1,
        },
      );
    }
    let listed = 0;
    expect(
      await requestsOf(async () => {
        listed = (await collect(cosmos.saver.list(threadConfig(threadId)))).length;
      }),
    ).toBe(2);
    expect(listed).toBe(5);
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

  it("copyThread is four queries (chunks, values and writes, checkpoints, heads) plus a batch per 100 items", async () => {
    const sourceId = freshThreadId("source");
    let config = threadConfig(sourceId);
    for (let step = 0; step < 20; step += 1) {
      const checkpoint = makeCheckpoint({ step }, { step: step + 1 });
      config = await cosmos.saver.put(config, checkpoint, makeMetadata(), { step: step + 1 });
      await cosmos.saver.putWrites(config, [["step", step]], `task-${step}`);
    }
    const targetId = freshThreadId("target");
    // 20 values + 20 writes, 20 checkpoints, 1 head: three batches; no chunks, no batch.
    expect(await requestsOf(() => cosmos.saver.copyThread(sourceId, targetId))).toBe(7);
    expect(
      (await cosmos.saver.getTuple(threadConfig(targetId)))?.checkpoint.channel_values,
    ).toEqual({
      step: 19,
    });
  });
});
