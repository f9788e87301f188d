import { CorruptCheckpointError } from "@checkpointkit/core";
import type { Redis } from "ioredis";
import { RedisStore } from "../src/store/index.js";
import { freshKeyPrefix, newClient } from "./redis-test-saver.js";

/** An item hash damaged behind the store's back reads as corruption, typed, never as an outage. */
let client: Redis;

beforeAll(() => {
  client = newClient();
});

afterAll(async () => {
  await client.quit();
});

it("a value that is no JSON: get and a filtered search fail with CorruptCheckpointError", async () => {
  const store = new RedisStore({ client, keyPrefix: freshKeyPrefix("corrupt") });
  const namespace = ["users", "u1"];
  await store.put(namespace, "k", { nested: { a: 1 }, topic: "x" });
  const shard = store.keyLayout.shardOf(namespace);
  const itemKey = `${store.keyLayout.shardKeys(shard).itemPrefix}users.u1:k`;
  expect(await client.hget(itemKey, "f:nested")).toBe("*");
  await client.hset(itemKey, "v", "{not json", "f:topic", "{also not");
  for (const call of [
    () => store.get(namespace, "k"),
    () => store.search(namespace, { filter: { nested: { a: 1 } } }),
    () => store.search(namespace, { filter: { topic: "x" } }),
  ]) {
    const error = await call().catch((caught: unknown) => caught);
    expect(CorruptCheckpointError.isInstance(error)).toBe(true);
  }
});
