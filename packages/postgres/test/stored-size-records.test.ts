import { CorruptCheckpointError, encodeStoredSize } from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import { type FencedBatch, PostgresColdWriter } from "../src/internal.js";
import { serializeCheckpointRecord } from "../src/record-serialization.js";
import { loopMetadata, makeCheckpoint, threadConfig } from "./support/fixtures.js";
import { roundTripsOf } from "./support/round-trips.js";
import { createSchemaSaver, type SchemaSaver } from "./support/test-database.js";

/**
 * Every write that creates a checkpoint stores its size record in the same statement, and
 * the records answer `getCheckpointSize` and `threadSizeSummary` (issue 15).
 */
let context: SchemaSaver;

beforeAll(async () => {
  context = await createSchemaSaver();
});

afterAll(async () => {
  await context.dispose();
});

const roundTrips = (action: () => Promise<unknown>) => roundTripsOf(context, action);

/** What the serde makes of a value: the bytes PostgreSQL stores for it. */
async function serdeBytes(value: unknown): Promise<number> {
  const [, bytes] = await context.saver.serde.dumpsTyped(value);
  return typeof bytes === "string" ? Buffer.byteLength(bytes) : bytes.byteLength;
}

async function storedColumns(threadId: string) {
  const { rows } = await context.pool.query<{ stored_size: string | null; stored_bytes: string }>(
    `SELECT stored_size, stored_bytes FROM ${context.saver.schema.qualify("checkpoints")}
     WHERE thread_id = $1 ORDER BY checkpoint_id`,
    [threadId],
  );
  return rows;
}

async function serializedBatch(threadId: string, ms: number): Promise<FencedBatch> {
  const checkpoint = makeCheckpoint({ note: `cold ${threadId} ${"x".repeat(300)}` });
  const record = await serializeCheckpointRecord(
    context.saver.serde,
    { threadId, checkpointNs: "", parentCheckpointId: undefined },
    checkpoint,
    loopMetadata(0),
    checkpoint.channel_versions,
  );
  return { checkpoints: [{ ...record, fencePosition: `${ms}-0` }], writes: [] };
}

describe("size records written with the checkpoint", () => {
  it("put records each new channel's serde bytes, in its one statement", async () => {
    const { saver } = context;
    const first = makeCheckpoint({ notes: "n".repeat(1_000), tag: "t" });
    let config: RunnableConfig = threadConfig("records-put");
    expect(
      await roundTrips(async () => {
        config = await saver.put(config, first, loopMetadata(0), first.channel_versions);
      }),
    ).toBe(1);
    const second = { ...makeCheckpoint({ notes: "m".repeat(2_000), tag: "t" }, 2) };
    second.channel_versions = { notes: 2, tag: 1 };
    const latest = await saver.put(config, second, loopMetadata(1), { notes: 2 });

    const size = await saver.getCheckpointSize(latest);
    expect(size?.checkpointId).toBe(second.id);
    expect(size?.checkpointNs).toBe("");
    const noteBytes = await serdeBytes("m".repeat(2_000));
    expect(size?.channels).toEqual([
      { channel: "notes", bytes: noteBytes, storedBytes: noteBytes },
    ]);
    expect(size?.overheadBytes).toBeGreaterThan(0);
    expect(size?.storedBytes).toBe((size?.overheadBytes ?? 0) + noteBytes);
    // Without a checkpoint id: the namespace's latest.
    expect(await saver.getCheckpointSize(threadConfig("records-put"))).toEqual(size);
    const first1 = await saver.getCheckpointSize(config);
    expect(first1?.channels.map((channel) => channel.channel).sort()).toEqual(["notes", "tag"]);
    // The columns hold core's text and its total.
    const rows = await storedColumns("records-put");
    expect(rows.at(-1)?.stored_size).toBe(encodeStoredSize(size!));
    expect(Number(rows.at(-1)?.stored_bytes)).toBe(size?.storedBytes);
  });

  it("getCheckpointSize: undefined for a missing checkpoint, one statement", async () => {
    const missing = { configurable: { thread_id: "records-none", checkpoint_id: "nope" } };
    expect(await roundTrips(() => context.saver.getCheckpointSize(missing))).toBe(1);
    expect(await context.saver.getCheckpointSize(missing)).toBeUndefined();
    await expect(context.saver.getCheckpointSize({ configurable: {} })).rejects.toThrow(
      /thread_id/,
    );
  });

  it("putMany records every checkpoint of every thread, in its one statement", async () => {
    const [a, b] = await Promise.all([
      serializedBatch("records-many-a", 1),
      serializedBatch("records-many-b", 2),
    ]);
    const input = { checkpoints: [...a.checkpoints, ...b.checkpoints] };
    expect(await roundTrips(() => context.saver.putMany(input))).toBe(1);
    for (const record of input.checkpoints) {
      const size = await context.saver.getCheckpointSize({
        configurable: { thread_id: record.threadId, checkpoint_id: record.checkpointId },
      });
      expect(size?.channels[0]?.bytes).toBe(record.channelValues[0]?.value?.bytes.byteLength);
    }
  });

  it("the cold writer's one-statement batch records sizes too", async () => {
    const writer = new PostgresColdWriter(context.saver);
    await writer.setup();
    const batch = await serializedBatch("records-cold", 3);
    expect(await roundTrips(() => writer.writeBatch(batch))).toBe(1);
    const record = batch.checkpoints[0]!;
    const size = await context.saver.getCheckpointSize({
      configurable: { thread_id: "records-cold", checkpoint_id: record.checkpointId },
    });
    expect(size?.storedBytes).toBe(
      record.checkpoint.bytes.byteLength +
        record.metadata.bytes.byteLength +
        (record.channelValues[0]?.value?.bytes.byteLength ?? 0),
    );
  });

  it("the cold writer's transaction path (history latest) records sizes and counts the kept one", async () => {
    const latest = await createSchemaSaver({ history: "latest" });
    try {
      const writer = new PostgresColdWriter(latest.saver);
      await writer.setup();
      const older = await serializedBatch("records-cold-latest", 4);
      const newer = await serializedBatch("records-cold-latest", 5);
      await writer.writeBatch({
        checkpoints: [...older.checkpoints, ...newer.checkpoints],
        writes: [],
      });
      const kept = newer.checkpoints[0]!;
      const size = await latest.saver.getCheckpointSize({
        configurable: { thread_id: "records-cold-latest", checkpoint_id: kept.checkpointId },
      });
      expect(size?.channels[0]?.bytes).toBe(kept.channelValues[0]?.value?.bytes.byteLength);
      const [listed] = (await latest.saver.listThreads()).threads;
      expect(listed).toMatchObject({ checkpointCount: 1, storedBytes: size?.storedBytes });
    } finally {
      await latest.dispose();
    }
  });

  it("copyThread copies the records with the checkpoints", async () => {
    const { saver } = context;
    const checkpoint = makeCheckpoint({ value: "copied" });
    const config = await saver.put(
      threadConfig("records-copy-from"),
      checkpoint,
      loopMetadata(0),
      checkpoint.channel_versions,
    );
    await saver.copyThread("records-copy-from", "records-copy-to");
    expect(
      await saver.getCheckpointSize({
        configurable: { thread_id: "records-copy-to", checkpoint_id: checkpoint.id },
      }),
    ).toEqual(await saver.getCheckpointSize(config));
  });
});

describe("threadSizeSummary from the records", () => {
  it("sums every record of the thread and lists the newest N, in one statement", async () => {
    const { saver } = context;
    let config: RunnableConfig = threadConfig("summary-records");
    const sizes = [];
    for (let step = 0; step < 4; step++) {
      const checkpoint = makeCheckpoint({ grows: "g".repeat(500 * (step + 1)) }, step + 1);
      config = await saver.put(config, checkpoint, loopMetadata(step), { grows: step + 1 });
      sizes.unshift(await saver.getCheckpointSize(config));
    }
    let summary: Awaited<ReturnType<typeof saver.threadSizeSummary>> | undefined;
    expect(
      await roundTrips(async () => {
        summary = await saver.threadSizeSummary("summary-records", { lastN: 2 });
      }),
    ).toBe(1);
    expect(summary?.scope).toBe("thread");
    expect(summary?.checkpointCount).toBe(4);
    expect(summary?.recentCheckpoints).toEqual(sizes.slice(0, 2));
    const total = sizes.reduce((sum, size) => sum + (size?.storedBytes ?? 0), 0);
    expect(summary?.totalBytes).toBe(total);
    const channelTotal = sizes.reduce((sum, size) => sum + (size?.channels[0]?.bytes ?? 0), 0);
    expect(summary?.largestChannels).toEqual([
      { channel: "grows", bytes: channelTotal, storedBytes: channelTotal },
    ]);
    expect(summary?.growthBytes).toBe((sizes[0]?.storedBytes ?? 0) - (sizes[1]?.storedBytes ?? 0));
  });

  it("channels with U+0000 and U+0001 in their names are summed under their names", async () => {
    const { saver } = context;
    const checkpoint = makeCheckpoint({ "a\u0000b": "zero", "a\u0001b": "one" });
    await saver.put(
      threadConfig("summary-hostile"),
      checkpoint,
      loopMetadata(0),
      checkpoint.channel_versions,
    );
    const summary = await saver.threadSizeSummary("summary-hostile");
    expect(summary.largestChannels.map((channel) => channel.channel).sort()).toEqual([
      "a\u0000b",
      "a\u0001b",
    ]);
  });

  it("a damaged record is a CorruptCheckpointError, from both readers", async () => {
    const { saver } = context;
    const checkpoint = makeCheckpoint({ v: 1 });
    const config = await saver.put(
      threadConfig("summary-damaged"),
      checkpoint,
      loopMetadata(0),
      checkpoint.channel_versions,
    );
    await context.pool.query(
      `UPDATE ${saver.schema.qualify("checkpoints")} SET stored_size = '{"v":1,' WHERE thread_id = $1`,
      ["summary-damaged"],
    );
    const summary = saver.threadSizeSummary("summary-damaged");
    await expect(summary).rejects.toThrow(CorruptCheckpointError);
    await expect(saver.getCheckpointSize(config)).rejects.toThrow(CorruptCheckpointError);
  });
});
