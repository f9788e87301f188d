import {
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  threadConfig,
} from "@checkpointkit/conformance";
import { InvalidConfigError } from "@checkpointkit/core";
import type { CheckpointMetadata, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { CosmosColdWriter } from "../src/internal.js";
import { coldWriteRecords } from "./cold-write-records.js";
import { countByKind, danglingReferences, partitionItems } from "./cosmos-test-saver.js";
import { errorOf } from "./error-of.js";
import { useCosmosSaver } from "./use-cosmos-saver.js";

const cosmos = useCosmosSaver({ saverOptions: { history: "latest" } });
const { checkpointRecord, writesRecord } = coldWriteRecords(() => cosmos.saver);

async function listedIds(threadId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const tuple of cosmos.saver.list(
    threadConfig(threadId),
  ) as AsyncIterable<CheckpointTuple>) {
    ids.push(tuple.checkpoint.id);
  }
  return ids;
}

describe('CosmosColdWriter over a saver with history "latest"', () => {
  it("stores only the newest checkpoint of a batch, its writes, and nothing it superseded", async () => {
    const writer = new CosmosColdWriter(cosmos.saver);
    const threadId = freshThreadId();
    // `kept` is stored by the first checkpoint only (the second points at it); `step` changes.
    const first = makeCheckpoint({ kept: "k".repeat(500), step: 1 });
    const second = makeCheckpoint({ step: 2 }, { kept: 1, step: 2 });
    const secondRecord = await checkpointRecord(threadId, second, "12-0", { parent: first.id });
    const batch = {
      checkpoints: [
        await checkpointRecord(threadId, first, "10-0"),
        // Only channels at new versions carry a value entry (an entry without one empties it).
        {
          ...secondRecord,
          channelValues: secondRecord.channelValues.filter(({ channel }) => channel !== "kept"),
        },
      ],
      writes: [
        await writesRecord(threadId, first.id, [["step", "old pending"]], "11-0"),
        await writesRecord(threadId, second.id, [["step", "pending"]], "13-0"),
      ],
    };
    await writer.writeBatch(batch);
    // Replayed (at-least-once delivery): still only the newest.
    await writer.writeBatch(batch);
    expect(await listedIds(threadId)).toEqual([second.id]);
    const tuple = await cosmos.saver.getTuple(threadConfig(threadId));
    expect(tuple?.checkpoint.channel_values).toEqual({ kept: "k".repeat(500), step: 2 });
    expect(tuple?.pendingWrites).toEqual([["task", "step", "pending"]]);
    const items = await partitionItems(cosmos.saver, threadId);
    expect(countByKind(items).checkpoint).toBe(1);
    // `kept` at version 1, `step` at version 2: the first checkpoint's `step` went with it.
    expect(countByKind(items).value).toBe(2);
    expect(
      items.filter((item) => item.kind === "writes").map((item) => item.checkpoint_id),
    ).toEqual([second.id]);
    expect(danglingReferences(items)).toEqual([]);
  });

  it("an older checkpoint (and its writes) arriving after a newer one stores nothing", async () => {
    const writer = new CosmosColdWriter(cosmos.saver);
    const threadId = freshThreadId();
    const older = makeCheckpoint({ step: "older" });
    const newer = makeCheckpoint({ step: "newer" }, { step: 2 });
    await writer.writeBatch({
      checkpoints: [await checkpointRecord(threadId, newer, "20-0", { parent: older.id })],
      writes: [],
    });
    const before = await partitionItems(cosmos.saver, threadId);
    // A late or replayed batch of the older checkpoint, as a held flusher delivers it.
    await writer.writeBatch({
      checkpoints: [await checkpointRecord(threadId, older, "10-0")],
      writes: [await writesRecord(threadId, older.id, [["step", "late"]], "11-0")],
    });
    expect(await listedIds(threadId)).toEqual([newer.id]);
    expect(
      await cosmos.saver.getTuple({
        configurable: { ...threadConfig(threadId).configurable, checkpoint_id: older.id },
      }),
    ).toBeUndefined();
    const after = await partitionItems(cosmos.saver, threadId);
    expect(after.map((item) => item.id).sort()).toEqual(before.map((item) => item.id).sort());
  });

  it("refuses, storing nothing, a checkpoint record latest cannot hold (a DeltaChannel past its snapshot)", async () => {
    const writer = new CosmosColdWriter(cosmos.saver);
    const threadId = freshThreadId();
    const metadata = {
      ...makeMetadata(),
      counters_since_delta_snapshot: { messages: [2, 0] },
    } as unknown as CheckpointMetadata;
    const record = await checkpointRecord(threadId, makeCheckpoint({ messages: [] }), "10-0", {
      metadata,
    });
    const error = await errorOf(() => writer.writeBatch({ checkpoints: [record], writes: [] }));
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect((error as InvalidConfigError).field).toBe("history");
    expect(await partitionItems(cosmos.saver, threadId)).toEqual([]);
  });
});
