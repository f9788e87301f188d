import { CorruptCheckpointError } from "@checkpointkit/core";
import type { Redis } from "ioredis";
import type { RedisSaver } from "../src/index.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig, versionsOf } from "./fixtures.js";
import { newClient, saverOnSharedServer } from "./redis-test-saver.js";

/** What the conformance copy spec cannot see: Redis keys, key-type guards, `history: "latest"`. */
describe("RedisSaver.copyThread merge", () => {
  let client: Redis;

  beforeAll(() => {
    client = newClient();
  });

  afterAll(async () => {
    await client.quit();
  });

  async function putOne(saver: RedisSaver, threadId: string, values: Record<string, unknown>) {
    const checkpoint = makeCheckpoint(values);
    await saver.put(threadConfig(threadId), checkpoint, LOOP_METADATA, versionsOf(checkpoint));
    return checkpoint.id;
  }

  async function existingKeys(keys: string[]): Promise<number> {
    return client.exists(...keys);
  }

  /** Both threads hold one checkpoint; then `threadId`'s key `key` holds a string instead. */
  async function threadsWithForeignKey(threadId: string, key: "channelValues" | "writes") {
    const saver = saverOnSharedServer(client);
    await putOne(saver, "source", { from: "source" });
    const targetId = await putOne(saver, "target", { from: "target" });
    const foreignKey = saver.keyLayout.threadKeys(threadId)[key];
    await client.del(foreignKey);
    await client.set(foreignKey, "foreign");
    const failure = await saver.copyThread("source", "target").then(
      () => undefined,
      (error: unknown) => error,
    );
    return { saver, targetId, foreignKey, failure };
  }

  it('with history "latest", the merged namespace keeps only the newest checkpoint of both threads', async () => {
    const saver = saverOnSharedServer(client, { history: "latest" });
    const olderInTarget = await putOne(saver, "target", { from: "target" });
    const newerInSource = await putOne(saver, "source", { from: "source" });

    await saver.copyThread("source", "target");

    const listed = [];
    for await (const tuple of saver.list(threadConfig("target"))) listed.push(tuple.checkpoint.id);
    expect(listed).toEqual([newerInSource]);
    expect(listed).not.toContain(olderInTarget);
    const keys = saver.keyLayout.threadKeys("target");
    expect(await client.zcard(keys.checkpointIndex)).toBe(1);
    // One record, its size record and the thread's total.
    expect(await client.hlen(keys.checkpoints)).toBe(3);
    expect(await client.hlen(keys.channelValues)).toBe(1);
    expect(await existingKeys(saver.keyLayout.copyScratchKeys("target"))).toBe(0);
  });

  it("a target key holding foreign data refuses the copy before anything is written", async () => {
    const { saver, targetId, foreignKey, failure } = await threadsWithForeignKey(
      "target",
      "channelValues",
    );
    expect(CorruptCheckpointError.isInstance(failure)).toBe(true);
    expect(await client.get(foreignKey)).toBe("foreign");
    const keys = saver.keyLayout.threadKeys("target");
    expect(await client.zrange(keys.checkpointIndex, 0, -1)).toEqual([`:${targetId}`]);
    expect(await existingKeys(saver.keyLayout.copyScratchKeys("target"))).toBe(0);
  });

  it("a source key holding foreign data refuses the copy, leaves the target as it was and no scratch key behind", async () => {
    const { saver, targetId, failure } = await threadsWithForeignKey("source", "writes");
    expect(CorruptCheckpointError.isInstance(failure)).toBe(true);
    const keys = saver.keyLayout.threadKeys("target");
    // One record, its size record and the thread's total.
    expect(await client.hlen(keys.checkpoints)).toBe(3);
    expect(await client.hlen(keys.channelValues)).toBe(1);
    expect(await client.zrange(keys.checkpointIndex, 0, -1)).toEqual([`:${targetId}`]);
    expect(await existingKeys(saver.keyLayout.copyScratchKeys("target"))).toBe(0);
  });

  it("without ttlSeconds the merged target has no TTL (unflushed copies never expire); with ttlSeconds the merged keys get it", async () => {
    const plain = saverOnSharedServer(client);
    await putOne(plain, "source", { from: "source" });
    await putOne(plain, "target", { from: "target" });
    // A TTL the target had (the tiered saver sets one once flushed) does not survive, as before.
    await plain.setThreadTtl("target", 600);
    await plain.copyThread("source", "target");
    const plainKeys = Object.values(plain.keyLayout.threadKeys("target"));
    for (const key of plainKeys) expect([-1, -2]).toContain(await client.pttl(key));

    const expiring = saverOnSharedServer(client, { ttlSeconds: 600 });
    await putOne(expiring, "source", { from: "source" });
    await putOne(expiring, "target", { from: "target" });
    await expiring.copyThread("source", "target");
    const expiringKeys = Object.values(expiring.keyLayout.threadKeys("target"));
    for (const key of expiringKeys) {
      const ttl = await client.pttl(key);
      if (ttl !== -2) expect(ttl).toBeGreaterThan(0);
    }
    expect(
      await client.pttl(expiring.keyLayout.threadKeys("target").checkpointIndex),
    ).toBeGreaterThan(0);
  });
});
