import {
  createCosmosFaultInjector,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  threadConfig,
} from "@checkpointkit/conformance";
import { InvalidConfigError, PayloadTooLargeError } from "@checkpointkit/core";
import { CosmosSaver } from "../src/index.js";
import { CosmosColdWriter } from "../src/internal.js";
import { coldWriteRecords } from "./cold-write-records.js";
import { countByKind, partitionItems } from "./cosmos-test-saver.js";
import { errorOf } from "./error-of.js";
import { useCosmosSaver } from "./use-cosmos-saver.js";

const injector = createCosmosFaultInjector();
const cosmos = useCosmosSaver({ injector });

const { checkpointRecord, writesRecord } = coldWriteRecords(() => cosmos.saver);

describe("CosmosColdWriter (@checkpointkit/cosmos/internal)", () => {
  it("stores serialized records as put/putWrites would, deserializing no channel value, idempotently", async () => {
    const threadId = freshThreadId();
    const first = makeCheckpoint({ messages: ["hi"], big: "x".repeat(1000) });
    const second = makeCheckpoint(
      { messages: ["hi", "there"], big: "x".repeat(1000) },
      {
        messages: 2,
        big: 1,
      },
    );
    const records = [
      await checkpointRecord(threadId, first, "10-0"),
      await checkpointRecord(threadId, second, "11-0", { parent: first.id }),
    ];
    const writes = [await writesRecord(threadId, second.id, [["messages", "pending"]], "12-0")];
    const loads = jest.spyOn(cosmos.saver.serde, "loadsTyped");
    const writer = new CosmosColdWriter(cosmos.saver);
    const result = await writer.writeBatch({ checkpoints: records, writes });
    // Two per checkpoint record (its body and its metadata), none for values.
    expect(loads).toHaveBeenCalledTimes(4);
    loads.mockRestore();
    expect(result).toEqual({ stored: 3, fenced: 0 });

    const latest = await cosmos.saver.getTuple(threadConfig(threadId));
    expect(latest?.checkpoint.id).toBe(second.id);
    expect(latest?.checkpoint.channel_values).toEqual(second.channel_values);
    expect(latest?.pendingWrites).toEqual([["task", "messages", "pending"]]);
    expect(latest?.parentConfig?.configurable?.checkpoint_id).toBe(first.id);

    const before = countByKind(await partitionItems(cosmos.saver, threadId));
    await writer.writeBatch({ checkpoints: records, writes });
    expect(countByKind(await partitionItems(cosmos.saver, threadId))).toEqual(before);
  });

  it("appends a task's 250 writes to the checkpoint's writes item in one patch", async () => {
    const threadId = freshThreadId();
    const checkpoint = makeCheckpoint({ step: 1 });
    const many: [string, unknown][] = Array.from({ length: 250 }, (_, index) => [
      `channel-${index}`,
      index,
    ]);
    const writer = new CosmosColdWriter(cosmos.saver);
    injector.reset();
    await writer.writeBatch({
      checkpoints: [await checkpointRecord(threadId, checkpoint, "20-0")],
      writes: [await writesRecord(threadId, checkpoint.id, many, "21-0")],
    });
    // One batch for the checkpoint, one patch for the writes (the other patch moves the
    // thread's activity item).
    expect(injector.countRequests({ operationType: "batch" })).toBe(1);
    expect(injector.countRequests({ operationType: "patch" })).toBe(2);
    expect((await cosmos.saver.getTuple(threadConfig(threadId)))?.pendingWrites).toHaveLength(250);
  });

  it("leaves out records at or before the thread's delete fence; a replayed delete does nothing", async () => {
    const threadId = freshThreadId();
    const writer = new CosmosColdWriter(cosmos.saver);
    const old = makeCheckpoint({ step: 1 });
    await writer.writeBatch({
      checkpoints: [await checkpointRecord(threadId, old, "30-0")],
      writes: [],
    });
    expect(await writer.deleteFence(threadId)).toBeUndefined();
    expect(await writer.deleteThread(threadId, "40-0")).toBe(true);
    expect(await writer.deleteFence(threadId)).toBe("40-0");
    expect(await cosmos.saver.getTuple(threadConfig(threadId))).toBeUndefined();

    const late = makeCheckpoint({ step: 2 });
    const afterDelete = makeCheckpoint({ step: 3 });
    const result = await writer.writeBatch({
      checkpoints: [
        await checkpointRecord(threadId, late, "39-5"),
        await checkpointRecord(threadId, afterDelete, "40-1"),
      ],
      writes: [],
    });
    expect(result).toEqual({ stored: 1, fenced: 1 });
    expect((await cosmos.saver.getTuple(threadConfig(threadId)))?.checkpoint.id).toBe(
      afterDelete.id,
    );
    // The delete's outbox entry delivered again: the thread keeps what came after it.
    expect(await writer.deleteThread(threadId, "40-0")).toBe(false);
    expect(await writer.deleteThread(threadId, "9-0")).toBe(false);
    expect((await cosmos.saver.getTuple(threadConfig(threadId)))?.checkpoint.id).toBe(
      afterDelete.id,
    );
  });

  it("splits a batch the service refuses as too large (413) until its parts fit", async () => {
    // A batch budget above the service's 2 MB request limit packs five 680 KB writes into one.
    const optimistic = new CosmosSaver({
      container: cosmos.saver.container,
      batchBudgetBytes: 8_000_000,
      chunkSizeBytes: 1_000_000,
    });
    const threadId = freshThreadId();
    const checkpoint = makeCheckpoint({ step: 1 });
    const writes: [string, unknown][] = Array.from({ length: 5 }, (_, index) => [
      `channel-${index}`,
      `${index}`.repeat(500_000),
    ]);
    const writer = new CosmosColdWriter(optimistic);
    await writer.writeBatch({
      checkpoints: [await checkpointRecord(threadId, checkpoint, "25-0")],
      writes: [await writesRecord(threadId, checkpoint.id, writes, "26-0")],
    });
    const stored = await optimistic.getTuple(threadConfig(threadId));
    expect(stored?.pendingWrites?.map(([, channel, value]) => [channel, value])).toEqual(writes);
  });

  it("a record that can never be stored is a PayloadTooLargeError naming it; nothing of it is written", async () => {
    const threadId = freshThreadId();
    const checkpoint = makeCheckpoint({ step: 1 });
    const writer = new CosmosColdWriter(cosmos.saver);
    // The metadata `list` filters on (short top-level values) is plain JSON in the checkpoint
    // item itself: 3,000 keys of 1,000 characters make that item 3 MB.
    const metadata = makeMetadata(
      Object.fromEntries(
        Array.from({ length: 3000 }, (_, index) => [`key${index}`, "n".repeat(1000)]),
      ),
    );
    const error = await errorOf(async () =>
      writer.writeBatch({
        checkpoints: [await checkpointRecord(threadId, checkpoint, "50-0", { metadata })],
        writes: [],
      }),
    );
    expect(PayloadTooLargeError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(threadId);
    expect(await partitionItems(cosmos.saver, threadId)).toEqual([]);
  });

  it("refuses a record the input contract refuses, before writing it", async () => {
    const writer = new CosmosColdWriter(cosmos.saver);
    const checkpoint = makeCheckpoint({ step: 1 });
    for (const [field, record] of [
      ["threadId", await checkpointRecord("bad\uD800thread", checkpoint, "60-0")],
      ["fencePosition", await checkpointRecord(freshThreadId(), checkpoint, "not-a-position")],
    ] as const) {
      const error = await errorOf(() => writer.writeBatch({ checkpoints: [record], writes: [] }));
      expect(InvalidConfigError.isInstance(error)).toBe(true);
      expect((error as InvalidConfigError).field).toBe(field);
    }
  });

  it("stores each write under the index it carries; an index that is not one writes nothing", async () => {
    const writer = new CosmosColdWriter(cosmos.saver);
    const threadId = freshThreadId();
    const checkpoint = makeCheckpoint({ step: 1 });
    const record = await checkpointRecord(threadId, checkpoint, "70-0");
    const writes = await writesRecord(
      threadId,
      checkpoint.id,
      [
        ["late", "stored at 1"],
        ["early", "stored at 0"],
      ],
      "70-1",
    );
    const [late, early] = writes.writes;
    const badlyIndexed = { ...writes, writes: [late!, { ...early!, idx: -3 }] };
    const error = await errorOf(() =>
      writer.writeBatch({ checkpoints: [record], writes: [badlyIndexed] }),
    );
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect((error as InvalidConfigError).field).toBe("writes[1].idx");
    expect(await partitionItems(cosmos.saver, threadId)).toEqual([]);

    const indexed = {
      ...writes,
      writes: [
        { ...late!, idx: 1 },
        { ...early!, idx: 0 },
      ],
    };
    await writer.writeBatch({ checkpoints: [record], writes: [indexed] });
    const tuple = await cosmos.saver.getTuple(threadConfig(threadId));
    expect(tuple?.pendingWrites).toEqual([
      ["task", "early", "stored at 0"],
      ["task", "late", "stored at 1"],
    ]);
  });
});
