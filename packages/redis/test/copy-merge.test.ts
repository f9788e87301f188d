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
    expect(await client.hlen(keys.checkpoints)).toBe(1);
    expect(await client.hlen(keys.channelValues)).toBe(1);
    expect(await existingKeys(saver.keyLayout.copyScratchKeys("target"))).toBe(0);
  });

  it("a target key holding foreign data refuses the copy before anything is written", async () => {
    const saver = saverOnSharedServer(client);
    await putOne(saver, "source", { from: "source" });
    const targetId = await putOne(saver, "target", { from: "target" });
    const keys = saver.keyLayout.threadKeys("target");
    await client.del(keys.channelValues);
    await client.set(keys.channelValues, "foreign");

    const failure = await saver.copyThread("source", "target").then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(CorruptCheckpointError.isInstance(failure)).toBe(true);
    expect(await client.get(keys.channelValues)).toBe("foreign");
    expect(await client.zrange(keys.checkpointIndex, 0, -1)).toEqual([`:${targetId}`]);
    expect(await existingKeys(saver.keyLayout.copyScratchKeys("target"))).toBe(0);
  });

  it("a source key holding foreign data refuses the copy, leaves the target as it was and no scratch key behind", async () => {
    const saver = saverOnSharedServer(client);
    await putOne(saver, "source", { from: "source" });
    const targetId = await putOne(saver, "target", { from: "target" });
    const sourceKeys = saver.keyLayout.threadKeys("source");
    await client.del(sourceKeys.writes);
    await client.set(sourceKeys.writes, "foreign");
    const targetKeys = saver.keyLayout.threadKeys("target");
    const before = await client.hgetall(targetKeys.checkpoints);

    const failure = await saver.copyThread("source", "target").then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(CorruptCheckpointError.isInstance(failure)).toBe(true);
    expect(await client.hgetall(targetKeys.checkpoints)).toEqual(before);
    expect(await client.zrange(targetKeys.checkpointIndex, 0, -1)).toEqual([`:${targetId}`]);
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
