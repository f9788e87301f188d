import { randomBytes } from "node:crypto";
import type { CosmosClient, PluginConfig } from "@azure/cosmos";
import {
  collect,
  createCosmosFaultInjector,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  threadConfig,
} from "@checkpointkit/conformance";
import { BackendUnavailableError } from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import type { CosmosSaver } from "../src/index.js";
import {
  countByKind,
  danglingReferences,
  dropContainer,
  newClient,
  partitionItems,
  saverInFreshContainer,
  sharedServer,
} from "./cosmos-test-saver.js";

const CHUNK_SIZE_BYTES = 2048;
const injector = createCosmosFaultInjector();
/** Runs before each transactional batch request while set. */
let beforeBatch: ((batchNumber: number) => void) | undefined;
let batchNumber = 0;
const batchHook: PluginConfig = {
  on: "request",
  plugin: async (context, _diagnosticNode, next) => {
    if (context.operationType === "batch" && beforeBatch !== undefined) {
      batchNumber += 1;
      beforeBatch(batchNumber);
    }
    return next(context);
  },
};
let client: CosmosClient;
let saver: CosmosSaver;

beforeAll(async () => {
  client = newClient(await sharedServer(), {
    injector,
    plugins: [batchHook],
    retryOptions: { maxRetryAttemptCount: 1, maxWaitTimeInSeconds: 1 },
  });
  saver = await saverInFreshContainer(client, { chunkSizeBytes: CHUNK_SIZE_BYTES });
});

afterEach(() => {
  beforeBatch = undefined;
  batchNumber = 0;
  injector.clear();
});

afterAll(async () => {
  await dropContainer(saver);
  client.dispose();
});

/** Two namespaces, chunked values, writes and metadata, 160 items in all. */
async function seedSource(target: CosmosSaver, threadId: string): Promise<void> {
  for (const checkpointNs of ["", "child"]) {
    let config: RunnableConfig = threadConfig(threadId, checkpointNs);
    for (let step = 0; step < 12; step += 1) {
      const checkpoint = makeCheckpoint(
        { step, blob: randomBytes(CHUNK_SIZE_BYTES).toString("hex") },
        { step: step + 1, blob: step + 1 },
      );
      const note = step === 0 ? "m".repeat(2 * CHUNK_SIZE_BYTES) : "short";
      config = await target.put(
        config,
        checkpoint,
        makeMetadata({ step, note }),
        checkpoint.channel_versions,
      );
      await target.putWrites(
        config,
        [
          ["step", step + 1],
          ["blob", randomBytes(CHUNK_SIZE_BYTES).toString("hex")],
        ],
        `task-${step}`,
        "~__pregel_pull, node",
      );
    }
  }
}

/** A thread's tuples in every namespace, with the thread id left out. */
async function snapshot(target: CosmosSaver, threadId: string) {
  const tuples = await collect(target.list({ configurable: { thread_id: threadId } }));
  return tuples.map((tuple: CheckpointTuple) => ({
    ...tuple,
    config: { ...tuple.config.configurable, thread_id: undefined },
    parentConfig: { ...tuple.parentConfig?.configurable, thread_id: undefined },
  }));
}

describe("CosmosSaver.copyThread", () => {
  it("copies every item, chunks included, and the copy reads back like the source", async () => {
    const sourceId = freshThreadId("source");
    const targetId = freshThreadId("target");
    await seedSource(saver, sourceId);
    const sourceItems = await partitionItems(saver, sourceId);
    expect(countByKind(sourceItems).chunk).toBeGreaterThan(48);
    const before = await snapshot(saver, sourceId);

    await saver.copyThread(sourceId, targetId);

    const copiedItems = await partitionItems(saver, targetId);
    expect(copiedItems.map((item) => item.id).sort()).toEqual(
      sourceItems.map((item) => item.id).sort(),
    );
    expect(copiedItems.every((item) => item.thread_id === targetId)).toBe(true);
    expect(danglingReferences(copiedItems)).toEqual([]);
    expect(await snapshot(saver, targetId)).toEqual(before);
    expect(await snapshot(saver, sourceId)).toEqual(before);
    const latest = await saver.getTuple(threadConfig(targetId, "child"));
    expect(latest?.config.configurable?.thread_id).toBe(targetId);
    expect(latest?.pendingWrites).toHaveLength(2);
  });

  it("an interrupted copy shows no latest checkpoint yet, and a retry completes it", async () => {
    const sourceId = freshThreadId("source");
    const targetId = freshThreadId("target");
    await seedSource(saver, sourceId);
    beforeBatch = (number) => {
      if (number === 3) injector.inject503(10, { operationType: "batch" });
    };
    const failure = await saver.copyThread(sourceId, targetId).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(BackendUnavailableError.isInstance(failure)).toBe(true);
    beforeBatch = undefined;
    injector.clear();
    // Heads are copied last: until they are, the target has no latest checkpoint.
    expect(await saver.getTuple(threadConfig(targetId))).toBeUndefined();
    expect(countByKind(await partitionItems(saver, targetId)).head).toBeUndefined();

    await saver.copyThread(sourceId, targetId);
    await saver.copyThread(sourceId, targetId);

    expect(await snapshot(saver, targetId)).toEqual(await snapshot(saver, sourceId));
    expect(countByKind(await partitionItems(saver, targetId))).toEqual(
      countByKind(await partitionItems(saver, sourceId)),
    );
  });

  it("keeps what the target holds and never moves its latest checkpoint back to an older one", async () => {
    const sourceId = freshThreadId("source");
    const targetId = freshThreadId("target");
    const older = makeCheckpoint({ from: "source" });
    await saver.put(threadConfig(sourceId), older, makeMetadata(), older.channel_versions);
    const newer = makeCheckpoint({ from: "target" });
    await saver.put(threadConfig(targetId), newer, makeMetadata(), newer.channel_versions);

    await saver.copyThread(sourceId, targetId);

    const latest = await saver.getTuple(threadConfig(targetId));
    expect(latest?.checkpoint.id).toBe(newer.id);
    expect(latest?.checkpoint.channel_values).toEqual({ from: "target" });
    const listed = await collect(saver.list(threadConfig(targetId)));
    expect(listed.map((tuple) => tuple.checkpoint.id)).toEqual([newer.id, older.id]);
  });

  it("copying an empty thread, or a thread onto itself, changes nothing", async () => {
    const sourceId = freshThreadId("source");
    const targetId = freshThreadId("target");
    await saver.copyThread(freshThreadId("empty"), targetId);
    expect(await partitionItems(saver, targetId)).toEqual([]);

    const checkpoint = makeCheckpoint({ a: 1 });
    await saver.put(
      threadConfig(sourceId),
      checkpoint,
      makeMetadata(),
      checkpoint.channel_versions,
    );
    const before = await partitionItems(saver, sourceId);
    injector.reset();
    await saver.copyThread(sourceId, sourceId);
    expect(injector.requestCount).toBe(0);
    expect(await partitionItems(saver, sourceId)).toEqual(before);
  });

  it("copies within a tenant of a container partitioned by [tenant, thread]", async () => {
    const tenantSaver = await saverInFreshContainer(client, { tenantId: "tenant-a" });
    try {
      const sourceId = freshThreadId("source");
      const targetId = freshThreadId("target");
      await seedSource(tenantSaver, sourceId);
      await tenantSaver.copyThread(sourceId, targetId);
      expect(await snapshot(tenantSaver, targetId)).toEqual(await snapshot(tenantSaver, sourceId));
    } finally {
      await dropContainer(tenantSaver);
    }
  });
});
