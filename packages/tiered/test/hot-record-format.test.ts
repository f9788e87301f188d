import { RedisSaver } from "@checkpointkit/redis";
import type { Redis } from "ioredis";
import { readHotSnapshots } from "../src/hot-reader.js";
import { checkpointWith } from "./support/checkpoints.js";
import { freshKeyPrefix, newRedisClient } from "./support/test-tiers.js";

/**
 * The flusher reads the Redis saver's stored records itself (see hot-record-format.ts).
 * These specs write through the real RedisSaver and read back through the adapter, so any
 * change of the Redis package's format fails here first.
 */
describe("hot record adapter", () => {
  let redis: Redis;
  beforeAll(() => {
    redis = newRedisClient();
  });
  afterAll(async () => {
    await redis.quit();
  });

  it.each([
    ["uncompressed", undefined],
    ["gzip", { algorithm: "gzip" as const, thresholdBytes: 0 }],
  ])("reads back a checkpoint and a task's writes exactly (%s)", async (_label, compression) => {
    const saver = new RedisSaver({
      client: redis,
      keyPrefix: freshKeyPrefix(),
      compression,
      outbox: {},
    });
    const threadId = "thread:{weird}*";
    const { checkpoint, metadata } = checkpointWith(
      { text: "héllo\u0000", bytes: new Uint8Array([1, 2]) },
      0,
    );
    checkpoint.channel_versions = { text: 1, bytes: "7.abc", gone: 2, notStored: 3 };
    const config = { configurable: { thread_id: threadId, checkpoint_ns: "ns|1" } };
    await saver.put(config, checkpoint, metadata, { text: 1, bytes: "7.abc", gone: 2 });
    const written = { configurable: { ...config.configurable, checkpoint_id: checkpoint.id } };
    await saver.putWrites(
      written,
      [
        ["a", 1],
        ["__error__", "boom"],
        ["b", { deep: [1] }],
      ],
      "task:1",
      "path|x",
    );
    await saver.putWrites(written, [["c", 3]], "task:2", "");

    const [put, task1, task2] = await readHotSnapshots(redis, saver.keyLayout, threadId, [
      { kind: "put", threadId, checkpointNs: "ns|1", checkpointId: checkpoint.id, taskId: "" },
      {
        kind: "writes",
        threadId,
        checkpointNs: "ns|1",
        checkpointId: checkpoint.id,
        taskId: "task:1",
      },
      {
        kind: "writes",
        threadId,
        checkpointNs: "ns|1",
        checkpointId: checkpoint.id,
        taskId: "task:2",
      },
    ]);
    if (put?.kind !== "checkpoint") throw new Error("checkpoint not read");
    const load = (value: { type: string; bytes: Uint8Array }) =>
      saver.serde.loadsTyped(value.type, value.bytes);
    expect(put.record.parentCheckpointId).toBeUndefined();
    expect(put.record.channels).toEqual([
      { channel: "text", version: 1 },
      { channel: "bytes", version: "7.abc" },
      { channel: "gone", version: 2 },
      { channel: "notStored", version: 3 },
    ]);
    expect(await load(put.record.metadata)).toEqual(metadata);
    const { channel_values: _values, ...body } = checkpoint;
    expect(await load(put.record.checkpoint)).toEqual(body);
    const [text, bytes, gone, notStored] = put.values;
    expect(await load(text as never)).toBe("héllo\u0000");
    expect(await load(bytes as never)).toEqual(new Uint8Array([1, 2]));
    expect(gone).toBeUndefined();
    expect(notStored).toBe("missing");

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

  it("reports entries Redis no longer holds as undefined", async () => {
    const saver = new RedisSaver({ client: redis, keyPrefix: freshKeyPrefix(), outbox: {} });
    const [missing] = await readHotSnapshots(redis, saver.keyLayout, "nobody", [
      { kind: "put", threadId: "nobody", checkpointNs: "", checkpointId: "x", taskId: "" },
    ]);
    expect(missing).toBeUndefined();
  });
});
