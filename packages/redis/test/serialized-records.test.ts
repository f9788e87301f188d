import {
  type CompressionOptions,
  CorruptCheckpointError,
  encodeKeyPart,
} from "@checkpointkit/core";
import type { Redis } from "ioredis";
import { RedisSaver } from "../src/index.js";
import { readSerializedRecords, type SerializedValue } from "../src/internal.js";
import { LOOP_METADATA, makeCheckpoint } from "./fixtures.js";
import { freshKeyPrefix, newClient } from "./redis-test-saver.js";

/**
 * `readSerializedRecords` is what an outbox consumer (the tiered flusher) copies records
 * with: what a saver wrote must come back exactly, values serialized but decompressed.
 */
describe("readSerializedRecords", () => {
  let client: Redis;
  beforeAll(() => {
    client = newClient();
  });
  afterAll(async () => {
    await client.quit();
  });

  function freshSaver(compression?: CompressionOptions) {
    return new RedisSaver({ client, keyPrefix: freshKeyPrefix("serialized"), compression });
  }

  it.each([
    ["uncompressed", undefined],
    ["gzip", { algorithm: "gzip" as const, thresholdBytes: 0 }],
  ])("reads back a checkpoint and a task's writes exactly (%s)", async (_label, compression) => {
    const saver = freshSaver(compression);
    const load = (value: SerializedValue) => saver.serde.loadsTyped(value.type, value.bytes);
    const threadId = "thread:{weird}*";
    const checkpoint = makeCheckpoint({ text: "héllo\u0000", bytes: new Uint8Array([1, 2]) });
    checkpoint.channel_versions = { text: 1, bytes: "7.abc", gone: 2, notStored: 3 };
    const config = { configurable: { thread_id: threadId, checkpoint_ns: "ns|1" } };
    await saver.put(config, checkpoint, LOOP_METADATA, { text: 1, bytes: "7.abc", gone: 2 });
    const written = { configurable: { ...config.configurable, checkpoint_id: checkpoint.id } };
    const writes: [string, unknown][] = [
      ["a", 1],
      ["__error__", "boom"],
      ["b", { deep: [1] }],
    ];
    await saver.putWrites(written, writes, "task:1", "path|x");
    await saver.putWrites(written, [["c", 3]], "task:2", "");
    const child = makeCheckpoint();
    await saver.put(written, child, LOOP_METADATA, {});

    const at = { checkpointNs: "ns|1", checkpointId: checkpoint.id };
    const [put, task1, task2, childPut] = await readSerializedRecords(
      client,
      saver.keyLayout,
      threadId,
      [
        { kind: "put", ...at, taskId: "" },
        { kind: "writes", ...at, taskId: "task:1" },
        { kind: "writes", ...at, taskId: "task:2" },
        { kind: "put", checkpointNs: "ns|1", checkpointId: child.id, taskId: "" },
      ],
    );
    if (put?.kind !== "checkpoint") throw new Error("checkpoint not read");
    expect(put.record.parentCheckpointId).toBeUndefined();
    expect(put.record.formatVersion).toBe(checkpoint.v);
    expect(put.record.writtenAtMs).toBe(Date.parse(checkpoint.ts));
    expect(put.record.channels).toEqual([
      { channel: "text", version: 1 },
      { channel: "bytes", version: "7.abc" },
      { channel: "gone", version: 2 },
      { channel: "notStored", version: 3 },
    ]);
    expect(await load(put.record.metadata)).toEqual(LOOP_METADATA);
    const { channel_values: _values, ...body } = checkpoint;
    expect(await load(put.record.checkpoint)).toEqual(body);
    const [text, bytes, gone, notStored] = put.values;
    expect(await load(text as SerializedValue)).toBe("héllo\u0000");
    expect(await load(bytes as SerializedValue)).toEqual(new Uint8Array([1, 2]));
    expect(gone).toBeUndefined();
    expect(notStored).toBe("missing");
    if (childPut?.kind !== "checkpoint") throw new Error("child checkpoint not read");
    expect(childPut.record.parentCheckpointId).toBe(checkpoint.id);

    if (task1?.kind !== "writes" || task2?.kind !== "writes") throw new Error("writes not read");
    const described = await Promise.all(
      task1.writes.map(async (write) => [
        write.taskId,
        write.taskPath,
        write.idx,
        write.channel,
        await load(write.value),
      ]),
    );
    expect(described.sort((a, b) => Number(a[2]) - Number(b[2]))).toEqual([
      ["task:1", "path|x", -1, "__error__", "boom"],
      ["task:1", "path|x", 0, "a", 1],
      ["task:1", "path|x", 2, "b", { deep: [1] }],
    ]);
    expect(task2.writes.map((write) => [write.taskId, write.idx, write.channel])).toEqual([
      ["task:2", 0, "c"],
    ]);
  });

  it("answers undefined for what Redis does not hold and for entries that name no record", async () => {
    const saver = freshSaver();
    const checkpoint = makeCheckpoint({ a: 1 });
    const config = { configurable: { thread_id: "t", checkpoint_ns: "" } };
    await saver.put(config, checkpoint, LOOP_METADATA, { a: 1 });
    const at = { checkpointNs: "", checkpointId: checkpoint.id };
    const reads = await readSerializedRecords(client, saver.keyLayout, "t", [
      { kind: "delete", checkpointNs: "", checkpointId: "", taskId: "" },
      { kind: "put", checkpointNs: "", checkpointId: "gone", taskId: "" },
      { kind: "writes", ...at, taskId: "no-such-task" },
      { kind: "put", ...at, taskId: "" },
    ]);
    expect(reads.map((read) => read?.kind)).toEqual([
      undefined,
      undefined,
      undefined,
      "checkpoint",
    ]);
  });

  it("reports a garbled record as corrupt and still reads the other entries", async () => {
    const saver = freshSaver();
    const config = { configurable: { thread_id: "t", checkpoint_ns: "" } };
    const garbled = makeCheckpoint({ a: 1 });
    const intact = makeCheckpoint({ a: 2 });
    await saver.put(config, garbled, LOOP_METADATA, { a: 1 });
    await saver.put(config, intact, LOOP_METADATA, { a: 1 });
    const field = `${encodeKeyPart("")}:${encodeKeyPart(garbled.id)}`;
    // A well-framed record of a layout the saver never writes.
    await client.hset(saver.keyLayout.threadKeys("t").checkpoints, field, "3:cr91:x");

    const [bad, good] = await readSerializedRecords(client, saver.keyLayout, "t", [
      { kind: "put", checkpointNs: "", checkpointId: garbled.id, taskId: "" },
      { kind: "put", checkpointNs: "", checkpointId: intact.id, taskId: "" },
    ]);
    if (bad?.kind !== "corrupt") throw new Error("garbled record not reported");
    expect(CorruptCheckpointError.isInstance(bad.error)).toBe(true);
    expect(good?.kind).toBe("checkpoint");
  });
});
