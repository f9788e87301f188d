import { freshThreadId, makeCheckpoint, threadConfig } from "@checkpointkit/conformance";
import type { Checkpoint } from "@langchain/langgraph-checkpoint";
import { CosmosColdWriter } from "../src/internal.js";
import { createBatchHook } from "./batch-hook.js";
import { countByKind, partitionItems } from "./cosmos-test-saver.js";
import { datedRecords } from "./dated-records.js";
import { errorOf } from "./error-of.js";
import { useCosmosSaver } from "./use-cosmos-saver.js";

const batchHook = createBatchHook();
// Small chunks, so expiry is seen to remove chunk items too.
const cosmos = useCosmosSaver({ batchHook, saverOptions: { chunkSizeBytes: 16_384 } });

const TTL_SECONDS = 3600;
const TWO_HOURS_MS = 2 * 60 * 60 * 1000;

const records = datedRecords(() => cosmos.saver.serde);

function twoHoursAgo(): Date {
  return new Date(Date.now() - TWO_HOURS_MS);
}

/** Writes (or replays) a checkpoint two hours old as the thread's first; returns it. */
async function writeOldThread(
  writer: CosmosColdWriter,
  threadId: string,
  old: Checkpoint = makeCheckpoint({ messages: ["hi"] }),
): Promise<Checkpoint> {
  await writer.writeBatch({
    checkpoints: [
      await records.checkpoint(threadId, old, { fencePosition: "1-0", createdAt: twoHoursAgo() }),
    ],
    writes: [],
  });
  return old;
}

/** A thread of one checkpoint (with chunked values) and its writes, written `ageMs` ago. */
async function writeThread(writer: CosmosColdWriter, ageMs: number): Promise<string> {
  const threadId = freshThreadId();
  const createdAt = new Date(Date.now() - ageMs);
  const checkpoint = makeCheckpoint({ messages: ["hi"], big: "x".repeat(40_000) });
  await writer.writeBatch({
    checkpoints: [
      await records.checkpoint(threadId, checkpoint, { fencePosition: "1-0", createdAt }),
    ],
    writes: [
      await records.pendingWrite(threadId, checkpoint.id, { fencePosition: "2-0", createdAt }),
    ],
  });
  return threadId;
}

/**
 * The cold writer's expiry: the tiered saver's `ttlSeconds` over Cosmos DB, with PostgreSQL's
 * meaning. Idle time counts from the records' `createdAt`, so threads are made idle by dating
 * their records two hours back: nothing here waits for time to pass.
 */
describe("CosmosColdWriter.expireIdleThreads", () => {
  it("deletes every item of a thread whose newest record is older than the TTL, and only those", async () => {
    const writer = new CosmosColdWriter(cosmos.saver);
    const idle = await writeThread(writer, TWO_HOURS_MS);
    const recent = await writeThread(writer, 0);
    expect(countByKind(await partitionItems(cosmos.saver, idle))).toMatchObject({
      head: 1,
      checkpoint: 1,
      writes: 1,
      value: 2,
      chunk: expect.any(Number),
      "tiered-activity": 1,
    });

    expect(await writer.expireIdleThreads(TTL_SECONDS)).toBe(1);
    expect(await partitionItems(cosmos.saver, idle)).toEqual([]);
    expect(await cosmos.saver.getTuple(threadConfig(recent))).toBeDefined();
    // Nothing left to find: a second sweep deletes nothing.
    expect(await writer.expireIdleThreads(TTL_SECONDS)).toBe(0);
  });

  it("a thread with an old checkpoint but a write within the TTL is kept whole", async () => {
    const writer = new CosmosColdWriter(cosmos.saver);
    const threadId = freshThreadId();
    const old = await writeOldThread(writer, threadId);
    await writer.writeBatch({
      checkpoints: [],
      writes: [
        await records.pendingWrite(threadId, old.id, {
          fencePosition: "2-0",
          createdAt: new Date(),
        }),
      ],
    });
    // A late replay of the old record does not move the thread's activity back.
    await writeOldThread(writer, threadId, old);

    await writer.expireIdleThreads(TTL_SECONDS);
    const tuple = await cosmos.saver.getTuple(threadConfig(threadId));
    expect(tuple?.checkpoint.id).toBe(old.id);
    expect(tuple?.pendingWrites).toEqual([["task", "messages", ["pending"]]]);
  });

  it("a thread written while it is being expired keeps what was written, readable", async () => {
    const writer = new CosmosColdWriter(cosmos.saver);
    const threadId = freshThreadId();
    const old = await writeOldThread(writer, threadId);
    const resumed = makeCheckpoint({ messages: ["hi", "again"] }, { messages: 2 });
    // The sweep's first batch deletes the heads; before its second, the thread is flushed
    // again (as a flusher would, concurrently): the sweep must stop there.
    batchHook.beforeBatch = async (batchNumber) => {
      if (batchNumber !== 2) return;
      batchHook.beforeBatch = undefined;
      await writer.writeBatch({
        checkpoints: [
          await records.checkpoint(threadId, resumed, {
            fencePosition: "3-0",
            createdAt: new Date(),
            parent: old.id,
          }),
        ],
        writes: [],
      });
    };

    expect(await writer.expireIdleThreads(TTL_SECONDS)).toBe(0);
    expect(batchHook.beforeBatch).toBeUndefined();
    const tuple = await cosmos.saver.getTuple(threadConfig(threadId));
    expect(tuple?.checkpoint.id).toBe(resumed.id);
    expect(tuple?.checkpoint.channel_values).toEqual({ messages: ["hi", "again"] });
    // The next sweep finds the thread active.
    expect(await writer.expireIdleThreads(TTL_SECONDS)).toBe(0);
    expect((await cosmos.saver.getTuple(threadConfig(threadId)))?.checkpoint.id).toBe(resumed.id);
  });

  it.each([0, -1, 1.5])("ttlSeconds %p is refused with InvalidConfigError", async (ttlSeconds) => {
    const writer = new CosmosColdWriter(cosmos.saver);
    const error = await errorOf(() => writer.expireIdleThreads(ttlSeconds));
    expect(error).toMatchObject({ name: "InvalidConfigError", field: "ttlSeconds" });
  });
});
