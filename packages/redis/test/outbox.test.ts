import { CorruptCheckpointError } from "@checkpointkit/core";
import type { Redis } from "ioredis";
import { parseOutboxEntry, type RedisOutboxEntry, RedisSaver } from "../src/index.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig, versionsOf } from "./fixtures.js";
import { freshKeyPrefix, newClient } from "./redis-test-saver.js";

describe("outbox hook", () => {
  let client: Redis;
  beforeAll(() => {
    client = newClient();
  });
  afterAll(async () => {
    await client.quit();
  });

  function outboxSaver(observed: RedisOutboxEntry[] = []) {
    return new RedisSaver({
      client,
      keyPrefix: freshKeyPrefix("outbox"),
      outbox: { onEntry: (entry) => observed.push(entry) },
    });
  }

  async function streamEntries(saver: RedisSaver, threadId: string) {
    const streamKey = saver.keyLayout.shardKeys(saver.keyLayout.shardOf(threadId)).outbox;
    const raw = await client.xrange(streamKey, "-", "+");
    return raw.map(([id, fields]) => parseOutboxEntry(streamKey, id, fields));
  }

  it("put, putWrites, deleteThread and copyThread each append one entry; retries append none", async () => {
    const observed: RedisOutboxEntry[] = [];
    const saver = outboxSaver(observed);
    const thread = threadConfig(undefined, "ns");
    const threadId = String(thread.configurable?.thread_id);
    const checkpoint = makeCheckpoint({ a: 1 });
    const config = await saver.put(thread, checkpoint, LOOP_METADATA, versionsOf(checkpoint));
    await saver.put(thread, checkpoint, LOOP_METADATA, versionsOf(checkpoint));
    await saver.putWrites(config, [["a", 2]], "task-1");
    await saver.putWrites(config, [["a", 2]], "task-1");
    await saver.deleteThread(threadId);

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
    // The hook saw exactly the entries in the stream, with their stream ids.
    expect(observed).toEqual(entries);
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
        const replies = await reader.multi().hlen(keys.checkpoints).xlen(streamKey).exec();
        const [records, entries] = (replies ?? []).map(([, value]) => Number(value));
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
});
