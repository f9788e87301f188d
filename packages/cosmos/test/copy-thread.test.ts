import { randomBytes } from "node:crypto";
import {
  collect,
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
  partitionItems,
  saverInFreshContainer,
} from "./cosmos-test-saver.js";
import {
  SMALL_CHUNK_SIZE_BYTES,
  useInterruptibleCosmosSaver,
} from "./interruptible-cosmos-saver.js";

const cosmos = useInterruptibleCosmosSaver();
const { injector, batchHook } = cosmos;

/** Two namespaces, chunked values, writes and metadata, 160 items in all. */
async function seedSource(target: CosmosSaver, threadId: string): Promise<void> {
  for (const checkpointNs of ["", "child"]) {
    let config: RunnableConfig = threadConfig(threadId, checkpointNs);
    for (let step = 0; step < 12; step += 1) {
      const checkpoint = makeCheckpoint(
        { step, blob: randomBytes(SMALL_CHUNK_SIZE_BYTES).toString("hex") },
        { step: step + 1, blob: step + 1 },
      );
      const note = step === 0 ? "m".repeat(2 * SMALL_CHUNK_SIZE_BYTES) : "short";
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
          ["blob", randomBytes(SMALL_CHUNK_SIZE_BYTES).toString("hex")],
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
    await seedSource(cosmos.saver, sourceId);
    const sourceItems = await partitionItems(cosmos.saver, sourceId);
    expect(countByKind(sourceItems).chunk).toBeGreaterThan(48);
    const before = await snapshot(cosmos.saver, sourceId);

    await cosmos.saver.copyThread(sourceId, targetId);

    const copiedItems = await partitionItems(cosmos.saver, targetId);
    expect(copiedItems.map((item) => item.id).sort()).toEqual(
      sourceItems.map((item) => item.id).sort(),
    );
    expect(copiedItems.every((item) => item.thread_id === targetId)).toBe(true);
    expect(danglingReferences(copiedItems)).toEqual([]);
    expect(await snapshot(cosmos.saver, targetId)).toEqual(before);
    expect(await snapshot(cosmos.saver, sourceId)).toEqual(before);
    const latest = await cosmos.saver.getTuple(threadConfig(targetId, "child"));
    expect(latest?.config.configurable?.thread_id).toBe(targetId);
    expect(latest?.pendingWrites).toHaveLength(2);
  });

  it("an interrupted copy shows no latest checkpoint yet, and a retry completes it", async () => {
    const sourceId = freshThreadId("source");
    const targetId = freshThreadId("target");
    await seedSource(cosmos.saver, sourceId);
    batchHook.beforeBatch = (number) => {
      if (number === 3) injector.inject503(10, { operationType: "batch" });
    };
    const failure = await cosmos.saver.copyThread(sourceId, targetId).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(BackendUnavailableError.isInstance(failure)).toBe(true);
    batchHook.beforeBatch = undefined;
    injector.clear();
    // Heads are copied last: until they are, the target has no latest checkpoint.
    expect(await cosmos.saver.getTuple(threadConfig(targetId))).toBeUndefined();
    expect(countByKind(await partitionItems(cosmos.saver, targetId)).head).toBeUndefined();

    await cosmos.saver.copyThread(sourceId, targetId);
    await cosmos.saver.copyThread(sourceId, targetId);

    expect(await snapshot(cosmos.saver, targetId)).toEqual(await snapshot(cosmos.saver, sourceId));
    expect(countByKind(await partitionItems(cosmos.saver, targetId))).toEqual(
      countByKind(await partitionItems(cosmos.saver, sourceId)),
    );
  });

  it("keeps what the target holds and never moves its latest checkpoint back to an older one", async () => {
    const sourceId = freshThreadId("source");
    const targetId = freshThreadId("target");
    const older = makeCheckpoint({ from: "source" });
    await cosmos.saver.put(threadConfig(sourceId), older, makeMetadata(), older.channel_versions);
    const newer = makeCheckpoint({ from: "target" });
    await cosmos.saver.put(threadConfig(targetId), newer, makeMetadata(), newer.channel_versions);

    await cosmos.saver.copyThread(sourceId, targetId);

    const latest = await cosmos.saver.getTuple(threadConfig(targetId));
    expect(latest?.checkpoint.id).toBe(newer.id);
    expect(latest?.checkpoint.channel_values).toEqual({ from: "target" });
    const listed = await collect(cosmos.saver.list(threadConfig(targetId)));
    expect(listed.map((tuple) => tuple.checkpoint.id)).toEqual([newer.id, older.id]);
  });

  it("copying an empty thread, or a thread onto itself, changes nothing", async () => {
    const sourceId = freshThreadId("source");
    const targetId = freshThreadId("target");
    await cosmos.saver.copyThread(freshThreadId("empty"), targetId);
    expect(await partitionItems(cosmos.saver, targetId)).toEqual([]);

    const checkpoint = makeCheckpoint({ a: 1 });
    await cosmos.saver.put(
      threadConfig(sourceId),
      checkpoint,
      makeMetadata(),
      checkpoint.channel_versions,
    );
    const before = await partitionItems(cosmos.saver, sourceId);
    injector.reset();
    await cosmos.saver.copyThread(sourceId, sourceId);
    expect(injector.requestCount).toBe(0);
    expect(await partitionItems(cosmos.saver, sourceId)).toEqual(before);
  });

  it("copies within a tenant of a container partitioned by [tenant, thread]", async () => {
    const tenantSaver = await saverInFreshContainer(cosmos.client, { tenantId: "tenant-a" });
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
