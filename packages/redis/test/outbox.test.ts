import { CorruptCheckpointError } from "@checkpointkit/core";
import type { Redis } from "ioredis";
import { type RedisOutboxEntry, RedisSaver } from "../src/index.js";
import { parseOutboxEntry } from "../src/internal.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig, versionsOf } from "./fixtures.js";
import { freshKeyPrefix, newClient } from "./redis-test-saver.js";

describe("outbox", () => {
  let client: Redis;
  beforeAll(() => {
    client = newClient();
  });
  afterAll(async () => {
    await client.quit();
  });

  function outboxSaver() {
    return new RedisSaver({ client, keyPrefix: freshKeyPrefix("outbox"), outbox: {} });
  }

  async function streamEntries(saver: RedisSaver, threadId: string) {
    const streamKey = saver.keyLayout.shardKeys(saver.keyLayout.shardOf(threadId)).outbox;
    const raw = await client.xrange(streamKey, "-", "+");
    return raw.map(([id, fields]) => parseOutboxEntry(streamKey, id, fields));
  }

  it("put, putWrites and deleteThread each append one entry and return it; retries append none", async () => {
    const returned: (RedisOutboxEntry | undefined)[] = [];
    const saver = outboxSaver();
    const thread = threadConfig(undefined, "ns");
    const threadId = String(thread.configurable?.thread_id);
    const checkpoint = makeCheckpoint({ a: 1 });
    const versions = versionsOf(checkpoint);
    const put = await saver.putWithOutboxEntry(thread, checkpoint, LOOP_METADATA, versions);
    returned.push(put.outboxEntry);
    const retriedPut = await saver.putWithOutboxEntry(thread, checkpoint, LOOP_METADATA, versions);
    expect(retriedPut).toEqual({ config: put.config, outboxEntry: undefined });
    const config = put.config;
    returned.push((await saver.putWritesWithOutboxEntry(config, [["a", 2]], "task-1")).outboxEntry);
    const retriedWrites = await saver.putWritesWithOutboxEntry(config, [["a", 2]], "task-1");
    expect(retriedWrites.outboxEntry).toBeUndefined();
    returned.push((await saver.deleteThreadWithOutboxEntry(threadId)).outboxEntry);

    const entries = await streamEntries(saver, threadId);
    expect(entries.map((entry) => entry?.kind)).toEqual(["put", "writes", "delete"]);
    expect(entries[0]).toMatchObject({
      threadId,
      checkpointNs: "ns",
      checkpointId: checkpoint.id,
      taskId: "",
    });
    expect(entries[1]).toMatchObject({
      kind: "writes",
      checkpointId: checkpoint.id,
      taskId: "task-1",
    });
    // Each write returned exactly the entry it appended, with its stream id.
    expect(returned).toEqual(entries);
  });

  it("copyThread returns a copy entry naming its source; copying an empty thread appends none", async () => {
    const saver = outboxSaver();
    const source = threadConfig();
    const sourceId = String(source.configurable?.thread_id);
    const checkpoint = makeCheckpoint({ a: 1 });
    await saver.put(source, checkpoint, LOOP_METADATA, versionsOf(checkpoint));
    const { outboxEntry } = await saver.copyThreadWithOutboxEntry(sourceId, "copy-target");
    expect(outboxEntry).toMatchObject({
      kind: "copy",
      threadId: "copy-target",
      fromThreadId: sourceId,
    });
    expect(await streamEntries(saver, "copy-target")).toContainEqual(outboxEntry);
    const empty = await saver.copyThreadWithOutboxEntry("no-such-thread", "other-target");
    expect(empty.outboxEntry).toBeUndefined();
  });

  it("without the outbox option no entry is returned", async () => {
    const plain = new RedisSaver({ client, keyPrefix: freshKeyPrefix("no-outbox") });
    const checkpoint = makeCheckpoint({ a: 1 });
    const put = await plain.putWithOutboxEntry(
      threadConfig(),
      checkpoint,
      LOOP_METADATA,
      versionsOf(checkpoint),
    );
    expect(put.outboxEntry).toBeUndefined();
  });

  it("the entry and the data are written by one atomic script: no reader ever sees one without the other", async () => {
    const saver = outboxSaver();
    const thread = threadConfig();
    const threadId = String(thread.configurable?.thread_id);
    const keys = saver.keyLayout.threadKeys(threadId);
    const streamKey = saver.keyLayout.shardKeys(saver.keyLayout.shardOf(threadId)).outbox;
    const reader = client.duplicate();
    let writing = true;
    const mismatches: string[] = [];
    const observe = (async () => {
      let observations = 0;
      while (writing || observations === 0) {
        const replies = await reader.multi().hkeys(keys.checkpoints).xlen(streamKey).exec();
        const [fields, length] = (replies ?? []).map(([, value]) => value);
        // Record fields are "<ns>:<id>" (size records and the total sit beside them).
        const records = (fields as string[]).filter((f) => f.split(":").length === 2).length;
        const entries = Number(length);
        if (records !== entries) mismatches.push(`${records} records, ${entries} entries`);
        observations++;
      }
      return observations;
    })();
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        const checkpoint = makeCheckpoint({ a: Math.random() });
        await saver.put(thread, checkpoint, LOOP_METADATA, {});
      }),
    );
    writing = false;
    expect(await observe).toBeGreaterThan(0);
    await reader.quit();
    expect(mismatches).toEqual([]);
    expect(await client.xlen(streamKey)).toBe(100);
  });

  it("when the outbox cannot be appended to, the put writes nothing at all", async () => {
    const saver = outboxSaver();
    const thread = threadConfig();
    const threadId = String(thread.configurable?.thread_id);
    const streamKey = saver.keyLayout.shardKeys(saver.keyLayout.shardOf(threadId)).outbox;
    await client.set(streamKey, "not a stream");
    const checkpoint = makeCheckpoint({ a: 1 });
    const error = await saver
      .put(thread, checkpoint, LOOP_METADATA, versionsOf(checkpoint))
      .catch((caught: unknown) => caught);
    expect(CorruptCheckpointError.isInstance(error)).toBe(true);
    expect(await client.exists(...Object.values(saver.keyLayout.threadKeys(threadId)))).toBe(0);
    await client.del(streamKey);
  });

  it("maxLength trims the stream approximately; without the option nothing is appended", async () => {
    const plain = new RedisSaver({ client, keyPrefix: freshKeyPrefix("no-outbox") });
    const thread = threadConfig();
    const threadId = String(thread.configurable?.thread_id);
    await plain.put(thread, makeCheckpoint(), LOOP_METADATA, {});
    const streamKey = plain.keyLayout.shardKeys(plain.keyLayout.shardOf(threadId)).outbox;
    expect(await client.exists(streamKey)).toBe(0);

    const trimmed = new RedisSaver({
      client,
      keyPrefix: freshKeyPrefix("trimmed"),
      outbox: { maxLength: 10 },
    });
    for (let index = 0; index < 300; index++) {
      await trimmed.put(thread, makeCheckpoint(), LOOP_METADATA, {});
    }
    const trimmedKey = trimmed.keyLayout.shardKeys(trimmed.keyLayout.shardOf(threadId)).outbox;
    expect(await client.xlen(trimmedKey)).toBeLessThan(300);
  });

  it("restoreTuple writes a tuple read elsewhere back as it was, appending no outbox entry", async () => {
    const source = new RedisSaver({ client, keyPrefix: freshKeyPrefix("restore-source") });
    const thread = threadConfig(undefined, "ns");
    const threadId = String(thread.configurable?.thread_id);
    const parent = await source.put(thread, makeCheckpoint({ a: 1 }), LOOP_METADATA, { a: 1 });
    const checkpoint = makeCheckpoint({ a: 2, b: "kept" });
    const config = await source.put(parent, checkpoint, LOOP_METADATA, versionsOf(checkpoint));
    await source.putWrites(
      config,
      [
        ["a", 3],
        ["b", "first task"],
      ],
      "task-2",
      "~b",
    );
    await source.putWrites(config, [["a", 4]], "task-1", "~a");
    const tuple = await source.getTuple(config);
    if (tuple === undefined) throw new Error("the source lost its checkpoint");

    const target = outboxSaver();
    await target.restoreTuple(tuple);

    const restored = await target.getTuple(thread);
    expect(restored?.checkpoint).toEqual(tuple.checkpoint);
    expect(restored?.metadata).toEqual(tuple.metadata);
    expect(restored?.parentConfig).toEqual(tuple.parentConfig);
    expect(restored?.pendingWrites).toEqual(tuple.pendingWrites);
    expect(await streamEntries(target, threadId)).toEqual([]);
  });
});
