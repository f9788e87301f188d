import { waitUntil } from "@checkpointkit/conformance";
import type { Redis } from "ioredis";
import { RedisSaver } from "../src/index.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig, versionsOf } from "./fixtures.js";
import { freshKeyPrefix, newClient } from "./redis-test-saver.js";

/** Keys given a 1 ms expiry should be gone at once; this bounds the wait on a loaded machine. */
const KEY_EXPIRY_TIMEOUT_MS = 3_000;
const KEY_EXPIRY_POLL_INTERVAL_MS = 5;

describe("ttlSeconds", () => {
  let client: Redis;
  beforeAll(() => {
    client = newClient();
  });
  afterAll(async () => {
    await client.quit();
  });

  async function allKeys(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let cursor = "0";
    do {
      const [next, batch] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== "0");
    return keys;
  }

  it("every key of the thread, writes and every namespace included, carries the TTL", async () => {
    const keyPrefix = freshKeyPrefix("ttl");
    const saver = new RedisSaver({ client, keyPrefix, ttlSeconds: 600 });
    const threadId = `ttl-${Math.random()}`;
    for (const ns of ["", "child", "child|grandchild"]) {
      const checkpoint = makeCheckpoint({ value: ns });
      const config = await saver.put(
        threadConfig(threadId, ns),
        checkpoint,
        LOOP_METADATA,
        versionsOf(checkpoint),
      );
      await saver.putWrites(config, [["value", "w"]], "task");
    }
    const threadKeys = Object.values(saver.keyLayout.threadKeys(threadId));
    expect(await client.exists(...threadKeys)).toBe(5);
    const shardIndex = saver.keyLayout.shardKeys(saver.keyLayout.shardOf(threadId)).threads;
    const keys = await allKeys(keyPrefix);
    expect(keys.sort()).toEqual([...threadKeys, shardIndex].sort());
    for (const key of threadKeys) {
      const ttlMs = await client.pttl(key);
      expect(ttlMs).toBeGreaterThan(500_000);
      expect(ttlMs).toBeLessThanOrEqual(600_000);
    }
  });

  it("refreshTtlOnRead restarts the clock of every thread key on a read; without it reads leave the TTL alone", async () => {
    for (const refreshTtlOnRead of [true, false]) {
      const saver = new RedisSaver({
        client,
        keyPrefix: freshKeyPrefix("refresh"),
        ttlSeconds: 600,
        refreshTtlOnRead,
      });
      const thread = threadConfig();
      const threadId = String(thread.configurable?.thread_id);
      const checkpoint = makeCheckpoint({ value: 1 });
      const config = await saver.put(thread, checkpoint, LOOP_METADATA, versionsOf(checkpoint));
      await saver.putWrites(config, [["value", 2]], "task");
      const threadKeys = Object.values(saver.keyLayout.threadKeys(threadId));
      for (const key of threadKeys) await client.pexpire(key, 50_000);
      await saver.getTuple(thread);
      for (const key of threadKeys) {
        const ttlMs = await client.pttl(key);
        if (refreshTtlOnRead) expect(ttlMs).toBeGreaterThan(500_000);
        else expect(ttlMs).toBeLessThanOrEqual(50_000);
      }
    }
  });

  it("setThreadTtl sets and removes the expiry of all keys of a thread", async () => {
    const saver = new RedisSaver({ client, keyPrefix: freshKeyPrefix("set-ttl") });
    const thread = threadConfig();
    const threadId = String(thread.configurable?.thread_id);
    const config = await saver.put(thread, makeCheckpoint({ a: 1 }), LOOP_METADATA, { a: 1 });
    await saver.putWrites(config, [["a", 2]], "task");
    const threadKeys = Object.values(saver.keyLayout.threadKeys(threadId));
    for (const key of threadKeys) expect(await client.pttl(key)).toBe(-1);
    await saver.setThreadTtl(threadId, 30);
    for (const key of threadKeys) expect(await client.pttl(key)).toBeGreaterThan(0);
    await saver.setThreadTtl(threadId, undefined);
    for (const key of threadKeys) expect(await client.pttl(key)).toBe(-1);
  });

  it("list() without thread_id and prune() drop index entries of threads that expired", async () => {
    const saver = new RedisSaver({ client, keyPrefix: freshKeyPrefix("stale") });
    const expiring = threadConfig();
    const kept = threadConfig();
    await saver.put(expiring, makeCheckpoint(), LOOP_METADATA, {});
    await saver.put(kept, makeCheckpoint(), LOOP_METADATA, {});
    const expiringId = String(expiring.configurable?.thread_id);
    const index = saver.keyLayout.shardKeys(saver.keyLayout.shardOf(expiringId)).threads;
    for (const key of Object.values(saver.keyLayout.threadKeys(expiringId))) {
      await client.pexpire(key, 1);
    }
    const expired = await waitUntil(
      async () =>
        (await client.exists(...Object.values(saver.keyLayout.threadKeys(expiringId)))) === 0,
      KEY_EXPIRY_TIMEOUT_MS,
      KEY_EXPIRY_POLL_INTERVAL_MS,
    );
    expect(expired).toBe(true);
    expect(await client.zscore(index, expiringId)).not.toBeNull();
    const listed = [];
    for await (const tuple of saver.list({})) listed.push(tuple.config.configurable?.thread_id);
    expect(listed).toEqual([kept.configurable?.thread_id]);
    expect(await client.zscore(index, expiringId)).toBeNull();

    await client.zadd(index, Date.now(), expiringId);
    expect(await saver.prune({ keepLatest: 1 })).toEqual({ deletedCheckpoints: 0 });
    expect(await client.zscore(index, expiringId)).toBeNull();
  });
});
