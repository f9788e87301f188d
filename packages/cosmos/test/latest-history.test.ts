import type { CosmosClient } from "@azure/cosmos";
import {
  collect,
  describeLatestHistory,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  threadConfig,
} from "@checkpointkit/conformance";
import type { RunnableConfig } from "@langchain/core/runnables";
import { CosmosSaver } from "../src/index.js";
import { cosmosSaverHarness } from "./cosmos-harness.js";
import {
  countByKind,
  danglingReferences,
  dropContainer,
  newClient,
  partitionItems,
  saverInFreshContainer,
  sharedServer,
} from "./cosmos-test-saver.js";

describeLatestHistory(
  cosmosSaverHarness(() => ({ history: "latest" })),
  {
    constructWithHistory: (history) =>
      new CosmosSaver({
        container: {} as CosmosSaver["container"],
        history: history as "full",
      }),
  },
);

describe('CosmosSaver history "latest": what the container holds', () => {
  let saver: CosmosSaver;
  let ownClient: CosmosClient;

  beforeAll(async () => {
    ownClient = newClient(await sharedServer());
    saver = await saverInFreshContainer(ownClient, { history: "latest" });
  });

  afterAll(async () => {
    await dropContainer(saver);
    ownClient.dispose();
  });

  it("keeps one checkpoint, its writes item, the head and the values it references", async () => {
    const threadId = freshThreadId();
    let config: RunnableConfig = threadConfig(threadId);
    const superseded: RunnableConfig[] = [];
    for (let step = 0; step < 8; step += 1) {
      superseded.push(config);
      const checkpoint = makeCheckpoint({ kept: "once", step }, { kept: 1, step: step + 1 });
      config = await saver.put(
        config,
        checkpoint,
        makeMetadata({ step }),
        step === 0 ? checkpoint.channel_versions : { step: step + 1 },
      );
      await saver.putWrites(config, [["step", step]], `task-${step}`);
    }
    // A late write to a superseded checkpoint leaves nothing behind either.
    await saver.putWrites(superseded[3] as RunnableConfig, [["step", "late"]], "late-task");
    const items = await partitionItems(saver, threadId);
    expect(countByKind(items)).toEqual({ head: 1, checkpoint: 1, writes: 1, value: 2, thread: 1 });
    expect(danglingReferences(items)).toEqual([]);
    const [latest] = await collect(saver.list(threadConfig(threadId)));
    expect(latest?.checkpoint.channel_values).toEqual({ kept: "once", step: 7 });
    expect(latest?.pendingWrites).toEqual([["task-7", "step", 7]]);
  });

  it("deletes the chunks of replaced multi-MB payloads, keeps those still referenced", async () => {
    const chunked = await saverInFreshContainer(ownClient, {
      history: "latest",
      chunkSizeBytes: 10_000,
    });
    try {
      const threadId = freshThreadId();
      const big = (step: number) => `${step}`.repeat(35_000);
      let config: RunnableConfig = threadConfig(threadId);
      for (let step = 0; step < 4; step += 1) {
        const checkpoint = makeCheckpoint(
          { kept: "k".repeat(25_000), big: big(step) },
          { kept: 1, big: step + 1 },
        );
        config = await chunked.put(
          config,
          checkpoint,
          makeMetadata({ note: "m".repeat(step === 2 ? 30_000 : 10) }),
          step === 0 ? checkpoint.channel_versions : { big: step + 1 },
        );
      }
      const items = await partitionItems(chunked, threadId);
      expect(danglingReferences(items)).toEqual([]);
      // `kept` (3 chunks, written once) and the latest `big` (4 chunks) only.
      expect(countByKind(items)).toEqual({
        head: 1,
        checkpoint: 1,
        writes: 1,
        value: 2,
        chunk: 7,
        thread: 1,
      });
      expect((await chunked.getTuple(threadConfig(threadId)))?.checkpoint.channel_values).toEqual({
        kept: "k".repeat(25_000),
        big: big(3),
      });
    } finally {
      await dropContainer(chunked);
    }
  });

  it("writes and trims in one transactional batch after one head read", async () => {
    const threadId = freshThreadId();
    const first = await saver.put(
      threadConfig(threadId),
      makeCheckpoint({ a: 1 }),
      makeMetadata(),
      {
        a: 1,
      },
    );
    const charges: number[] = [];
    const counting = new CosmosSaver({
      container: saver.container,
      history: "latest",
      onRequestCharge: (_operation, requestUnits) => charges.push(requestUnits),
    });
    await counting.put(first, makeCheckpoint({ a: 2 }, { a: 2 }), makeMetadata(), { a: 2 });
    // The in-process server charges 1 RU per point read and per batch operation: the head
    // read, then value + checkpoint + writes item + head + thread item + 3 deletes in one batch.
    expect(charges).toEqual([9]);
    expect(countByKind(await partitionItems(saver, threadId))).toEqual({
      head: 1,
      checkpoint: 1,
      writes: 1,
      value: 1,
      thread: 1,
    });
  });
});
