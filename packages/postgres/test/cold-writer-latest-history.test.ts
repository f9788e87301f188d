import type { Checkpoint } from "@langchain/langgraph-checkpoint";
import { type FencedBatch, PostgresColdWriter } from "../src/internal.js";
import { serializeCheckpointRecord, serializeWritesRecord } from "../src/record-serialization.js";
import { collect, loopMetadata, makeCheckpoint, threadConfig } from "./support/fixtures.js";
import { createSchemaSaver, type SchemaSaver } from "./support/test-database.js";

/**
 * The cold writer of a write-behind tier over a saver with `history: "latest"`: a flushed
 * batch leaves the table as the saver's own puts would, and a late batch (a flusher that
 * stalled, a replay) never brings an older checkpoint back.
 */
describe('PostgresColdWriter over history "latest"', () => {
  let context: SchemaSaver;
  let writer: PostgresColdWriter;

  beforeAll(async () => {
    context = await createSchemaSaver({ history: "latest" });
    writer = new PostgresColdWriter(context.saver);
    await writer.setup();
  });

  afterAll(async () => {
    await context.dispose();
  });

  let position = 0;
  /** Records as the flusher ships them: a child carries only the values its put named. */
  async function checkpointRecord(
    threadId: string,
    checkpoint: Checkpoint,
    parentId: string | undefined,
    newVersions: Record<string, number>,
  ): Promise<FencedBatch["checkpoints"][number]> {
    position += 1;
    const record = await serializeCheckpointRecord(
      context.saver.serde,
      { threadId, checkpointNs: "", parentCheckpointId: parentId },
      checkpoint,
      loopMetadata(position),
      newVersions,
    );
    return { ...record, fencePosition: `${position}-0` };
  }

  async function writesRecord(threadId: string, checkpointId: string, value: string) {
    position += 1;
    const record = await serializeWritesRecord(
      context.saver.serde,
      { threadId, checkpointNs: "", checkpointId },
      [["counter", value]],
      `task-${value}`,
      "",
    );
    return { ...record, fencePosition: `${position}-0` };
  }

  it("a batch of parent and child stores only the child, with the values it relies on", async () => {
    const threadId = "parent-and-child";
    const parent = makeCheckpoint({ steady: "kept", counter: 1 });
    const child = makeCheckpoint({ steady: "kept", counter: 2 });
    child.channel_versions = { steady: 1, counter: 2 };
    await writer.writeBatch({
      checkpoints: [
        await checkpointRecord(threadId, parent, undefined, { steady: 1, counter: 1 }),
        await checkpointRecord(threadId, child, parent.id, { counter: 2 }),
      ],
      writes: [
        await writesRecord(threadId, parent.id, "to-parent"),
        await writesRecord(threadId, child.id, "to-child"),
      ],
    });
    const listed = await collect(context.saver.list(threadConfig(threadId)));
    expect(listed.map((tuple) => tuple.checkpoint.id)).toEqual([child.id]);
    expect(listed[0]?.checkpoint.channel_values).toEqual({ steady: "kept", counter: 2 });
    expect(listed[0]?.pendingWrites).toEqual([["task-to-child", "counter", "to-child"]]);

    // A flusher that stalled with the parent and writes it now: nothing comes back.
    await writer.writeBatch({
      checkpoints: [await checkpointRecord(threadId, parent, undefined, { steady: 1, counter: 1 })],
      writes: [await writesRecord(threadId, parent.id, "late")],
    });
    const after = await collect(context.saver.list(threadConfig(threadId)));
    expect(after.map((tuple) => tuple.checkpoint.id)).toEqual([child.id]);
    expect(after[0]?.pendingWrites).toEqual(listed[0]?.pendingWrites);
    const blobs = await context.pool.query(
      `SELECT count(*)::int AS count FROM ${context.saver.schema.qualify("checkpoint_blobs")}`,
    );
    expect(blobs.rows[0]?.count).toBe(2);
  });
});
