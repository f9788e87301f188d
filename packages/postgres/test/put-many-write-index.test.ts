import { InvalidConfigError } from "@checkpointkit/core";
import { serializeCheckpointRecord, serializeWritesRecord } from "../src/index.js";
import { loopMetadata, makeCheckpoint, threadConfig } from "./support/fixtures.js";
import { createSchemaSaver, type SchemaSaver } from "./support/test-database.js";

let context: SchemaSaver;

beforeAll(async () => {
  context = await createSchemaSaver();
});

afterAll(async () => {
  await context.dispose();
});

/** A checkpoint of `threadId` and one task's writes to it, serialized as putMany takes them. */
async function recordsOf(threadId: string) {
  const { saver } = context;
  const checkpoint = makeCheckpoint({ value: threadId });
  const address = { threadId, checkpointNs: "", parentCheckpointId: undefined };
  const metadata = loopMetadata(0);
  const versions = checkpoint.channel_versions;
  const record = await serializeCheckpointRecord(
    saver.serde,
    address,
    checkpoint,
    metadata,
    versions,
  );
  const writesAddress = { threadId, checkpointNs: "", checkpointId: checkpoint.id };
  const writes = await serializeWritesRecord(
    saver.serde,
    writesAddress,
    [
      ["late", "stored at 1"],
      ["early", "stored at 0"],
    ],
    "task",
    "~task",
  );
  return { record, writes };
}

describe("putMany: writes that carry the index they are stored under", () => {
  it("stores each write under its own index, not its position in the record", async () => {
    const { record, writes } = await recordsOf("indexed");
    const [late, early] = writes.writes;
    await context.saver.putMany({
      checkpoints: [record],
      writes: [
        {
          ...writes,
          writes: [
            { ...late!, idx: 1 },
            { ...early!, idx: 0 },
          ],
        },
      ],
    });
    const tuple = await context.saver.getTuple(threadConfig("indexed"));
    // Pending writes come back ordered by index.
    expect(tuple?.pendingWrites).toEqual([
      ["task", "early", "stored at 0"],
      ["task", "late", "stored at 1"],
    ]);
  });

  it("refuses an index that is not one, before anything is written", async () => {
    const { record, writes } = await recordsOf("badly-indexed");
    const [late, early] = writes.writes;
    const error = await context.saver
      .putMany({
        checkpoints: [record],
        writes: [{ ...writes, writes: [late!, { ...early!, idx: -3 }] }],
      })
      .catch((caught: unknown) => caught);
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect((error as InvalidConfigError).field).toBe("writes[1].idx");
    expect(await context.saver.getTuple(threadConfig("badly-indexed"))).toBeUndefined();
  });
});
