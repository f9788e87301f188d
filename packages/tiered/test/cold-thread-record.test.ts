import { type OwnedTestServer, startRedisServer } from "@checkpointkit/conformance";
import { Redis } from "ioredis";
import type { TieredSaver } from "../src/index.js";
import { putChain, threadConfig } from "./support/checkpoints.js";
import {
  newRedisClient,
  postgresColdTier,
  type TestPostgresColdTier,
  tieredSaver,
} from "./support/test-tiers.js";
import { waitUntil } from "./support/wait-until.js";

/**
 * The record in Redis of the threads only the cold tier holds: a brand-new thread's first
 * `getTuple` makes no cold-tier request, and whatever may have made Redis forget part of the
 * record (FLUSHALL, a restart) sends reads to the cold tier again. Cold-tier requests are
 * counted as connections taken from the cold tier's pool.
 */
describe("cold-thread record", () => {
  const servers: OwnedTestServer[] = [];
  const clients: Redis[] = [];
  const savers: TieredSaver[] = [];
  const tiers: TestPostgresColdTier[] = [];

  async function freshTier(): Promise<TestPostgresColdTier & { requests(): number }> {
    const tier = await postgresColdTier();
    tiers.push(tier);
    let requests = 0;
    tier.pool.on("acquire", () => {
      requests += 1;
    });
    return { ...tier, requests: () => requests };
  }

  async function saverOn(
    client: Redis,
    tier: TestPostgresColdTier,
    options: Parameters<typeof tieredSaver>[2] = {},
  ): Promise<TieredSaver> {
    const saver = await tieredSaver(client, tier.cold, options);
    savers.push(saver);
    return saver;
  }

  async function privateRedis(): Promise<{ server: OwnedTestServer; client: Redis }> {
    const server = await startRedisServer({ appendOnly: true, appendFsync: "always" });
    servers.push(server);
    const client = new Redis(server.url, { maxRetriesPerRequest: 1 });
    clients.push(client);
    return { server, client };
  }

  afterAll(async () => {
    for (const saver of savers) await saver.close();
    for (const client of clients) client.disconnect();
    for (const server of servers) await server.stop();
    for (const tier of tiers) await tier.drop();
  }, 60_000);

  it("a new thread's first getTuple makes no cold-tier request", async () => {
    const tier = await freshTier();
    const client = newRedisClient();
    clients.push(client);
    const saver = await saverOn(client, tier, { flusher: false });
    const before = tier.requests();
    expect(await saver.getTuple(threadConfig("brand-new"))).toBeUndefined();
    expect(await saver.getTuple(threadConfig("brand-new", "inner"))).toBeUndefined();
    expect(tier.requests() - before).toBe(0);
  });

  it("after FLUSHALL, a thread that only the cold tier holds is still found", async () => {
    const tier = await freshTier();
    const { client } = await privateRedis();
    const saver = await saverOn(client, tier, { flusher: { pollIntervalMs: 20 } });
    expect(saver.flusherMode).toBe("worker");
    const ids = await putChain(saver, "survivor", 2);
    await saver.flush();
    await client.flushall();
    const before = tier.requests();
    expect((await saver.getTuple(threadConfig("survivor")))?.checkpoint.id).toBe(ids[1]);
    expect(tier.requests() - before).toBeGreaterThan(0);
    // The record is gone for good: a new thread is asked of the cold tier too.
    const again = tier.requests();
    expect(await saver.getTuple(threadConfig("other"))).toBeUndefined();
    expect(tier.requests() - again).toBeGreaterThan(0);
  });

  it("after a Redis restart (a snapshot may predate the sweep), reads ask the cold tier", async () => {
    const tier = await freshTier();
    const { server, client } = await privateRedis();
    const saver = await saverOn(client, tier, { flusher: { mode: "in-process" } });
    const ids = await putChain(saver, "restarted", 1);
    await saver.flush();
    await server.kill();
    await server.restart();
    await waitUntil(async () => (await client.ping().catch(() => "")) === "PONG", "Redis is back");
    // As if the snapshot Redis restarted from were older than the thread.
    await client.del(...Object.values(saver.hot.keyLayout.threadKeys("restarted")));
    expect((await saver.getTuple(threadConfig("restarted")))?.checkpoint.id).toBe(ids[0]);
  });

  it("a thread swept from Redis is recorded and served by the cold tier", async () => {
    const tier = await freshTier();
    const client = newRedisClient();
    clients.push(client);
    const saver = await saverOn(client, tier, {
      flusher: { mode: "in-process", pollIntervalMs: 20, hotTtlSeconds: 1, sweepIntervalMs: 100 },
    });
    const ids = await putChain(saver, "swept", 2);
    await saver.flush();
    await waitUntil(
      async () => (await saver.hot.getTuple(threadConfig("swept"))) === undefined,
      "the thread is swept from Redis",
    );
    const shard = saver.hot.keyLayout.shardOf("swept");
    const coldOnly = `${saver.hot.keyLayout.keyPrefix}{${shard}}:cold-only`;
    expect(await client.sismember(coldOnly, "swept")).toBe(1);
    expect((await saver.getTuple(threadConfig("swept")))?.checkpoint.id).toBe(ids[1]);
  });

  it("no record is started over a cold tier that already holds threads", async () => {
    const tier = await freshTier();
    const client = newRedisClient();
    clients.push(client);
    const first = await saverOn(client, tier);
    await putChain(first, "earlier", 1);
    await first.flush();
    const second = await saverOn(client, tier, { flusher: false });
    const before = tier.requests();
    expect(await second.getTuple(threadConfig("earlier"))).toBeDefined();
    expect(tier.requests() - before).toBeGreaterThan(0);
  });
});
