import type { Redis } from "ioredis";
import { RedisStore } from "../src/store/index.js";
import { CommandCounter } from "./command-counter.js";
import { freshKeyPrefix, newClient } from "./redis-test-saver.js";

/**
 * Round trips the store's client starts: each pipeline it executes and each command it sends
 * outside one. Counted on the real client the store talks through (nothing is faked: the
 * commands still go to redis-server); MONITOR counts what the server executed.
 */
function countRoundTrips(client: Redis): () => number {
  let roundTrips = 0;
  const pipeline = client.pipeline.bind(client);
  client.pipeline = ((...args: Parameters<Redis["pipeline"]>) => {
    const created = pipeline(...args);
    const exec = created.exec.bind(created);
    created.exec = ((...execArgs: Parameters<typeof exec>) => {
      roundTrips += 1;
      return exec(...execArgs);
    }) as typeof created.exec;
    return created;
  }) as Redis["pipeline"];
  const callBuffer = client.callBuffer.bind(client);
  client.callBuffer = ((...args: Parameters<Redis["callBuffer"]>) => {
    roundTrips += 1;
    return callBuffer(...args);
  }) as Redis["callBuffer"];
  return () => roundTrips;
}

let client: Redis;
let counter: CommandCounter;
let roundTrips: () => number;

beforeAll(async () => {
  client = newClient();
  await client.ping();
  counter = await CommandCounter.watch(client);
  roundTrips = countRoundTrips(client);
});

afterAll(async () => {
  await counter.stop();
  await client.quit();
});

/** What `operation` cost: round trips the client started and scripts Redis ran. */
async function cost(operation: () => Promise<unknown>) {
  const before = roundTrips();
  const commands = await counter.count(operation);
  return {
    roundTrips: roundTrips() - before,
    scripts: commands.filter((command) => command.name === "evalsha" || command.name === "eval")
      .length,
  };
}

describe("RedisStore round trips", () => {
  const store = () => new RedisStore({ client, keyPrefix: freshKeyPrefix("rt"), shardCount: 8 });

  it("a put, a get and a batch of 20 gets on one shard are one round trip and one script each", async () => {
    const redisStore = store();
    const namespace = ["users", "u1", "facts"];
    // The first call may load the script (NOSCRIPT, then EVAL): not what is measured.
    await redisStore.put(namespace, "warm", { v: 0 });
    expect(await cost(() => redisStore.put(namespace, "k0", { v: 0 }))).toEqual({
      roundTrips: 1,
      scripts: 1,
    });
    expect(await cost(() => redisStore.get(namespace, "k0"))).toEqual({
      roundTrips: 1,
      scripts: 1,
    });
    const gets = Array.from({ length: 20 }, (_, index) => ({ namespace, key: `k${index}` }));
    expect(await cost(() => redisStore.batch(gets))).toEqual({ roundTrips: 1, scripts: 1 });
  });

  it("a search under a prefix of shardDepth labels runs on one shard", async () => {
    const redisStore = store();
    await redisStore.put(["users", "u1"], "a", { v: 1 });
    await redisStore.put(["users", "u1", "deeper"], "b", { v: 2 });
    expect(
      await cost(async () => {
        const found = await redisStore.search(["users", "u1"], { limit: 10 });
        expect(found.map((item) => item.key).sort()).toEqual(["a", "b"]);
      }),
    ).toEqual({ roundTrips: 1, scripts: 1 });
  });

  it("a search or listing under a shorter prefix visits every shard, still in one round trip", async () => {
    const redisStore = store();
    for (let user = 0; user < 10; user += 1)
      await redisStore.put(["users", `u${user}`], "k", { user });
    expect(
      await cost(async () => {
        expect(await redisStore.search(["users"], { limit: 100 })).toHaveLength(10);
      }),
    ).toEqual({ roundTrips: 1, scripts: 8 });
    expect(
      await cost(async () => {
        expect(await redisStore.listNamespaces({ prefix: ["users"] })).toHaveLength(10);
      }),
    ).toEqual({ roundTrips: 1, scripts: 8 });
  });

  it("a mixed batch is one round trip: one script per shard it touches, reads before writes", async () => {
    const redisStore = store();
    const alice = ["users", "alice"];
    await redisStore.put(alice, "old", { v: 1 });
    const results = await cost(async () => {
      const replies = (await redisStore.batch([
        { namespace: alice, key: "old" },
        { namespace: alice, key: "old", value: { v: 2 } },
        { namespace: alice, key: "new", value: { v: 3 } },
        { namespacePrefix: alice, limit: 10, offset: 0 },
      ])) as unknown[];
      // Reads see the store as it was before the batch's writes.
      expect((replies[0] as { value: unknown }).value).toEqual({ v: 1 });
      expect((replies[3] as unknown[]).length).toBe(1);
    });
    expect(results).toEqual({ roundTrips: 1, scripts: 1 });
    expect((await redisStore.get(alice, "old"))?.value).toEqual({ v: 2 });
  });
});
