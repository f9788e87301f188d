import type { Redis } from "ioredis";
import { RedisStore } from "../src/store/index.js";
import { freshKeyPrefix, newClient } from "./redis-test-saver.js";

/**
 * Filters read scalar fields from `f:<field>` beside the value and fall back to the whole
 * value for objects, arrays and long strings: both paths must give the same answers.
 */
let client: Redis;
let store: RedisStore;
const namespace = ["docs", "d1"];
const long = "z".repeat(300);

beforeAll(async () => {
  client = newClient();
  store = new RedisStore({ client, keyPrefix: freshKeyPrefix("filters") });
  await store.batch([
    { namespace, key: "a", value: { meta: { lang: "en", n: 1 }, tags: ["x", "y"], body: long } },
    { namespace, key: "b", value: { meta: { lang: "de", n: 1 }, tags: ["y"], body: "short" } },
    { namespace, key: "c", value: { meta: { n: 1, lang: "en" }, tags: [], body: `${long}!` } },
  ]);
});

afterAll(async () => {
  await client.quit();
});

async function keys(filter: Record<string, unknown>): Promise<string[]> {
  return (await store.search(namespace, { filter, limit: 10 })).map((item) => item.key).sort();
}

it("an object field equals deeply, whatever its key order", async () => {
  expect(await keys({ meta: { lang: "en", n: 1 } })).toEqual(["a", "c"]);
  expect(await keys({ meta: { $ne: { lang: "en", n: 1 } } })).toEqual(["b"]);
});

it("an array field equals, and takes $in / $nin of arrays", async () => {
  expect(await keys({ tags: ["y"] })).toEqual(["b"]);
  expect(await keys({ tags: { $in: [["x", "y"], []] } })).toEqual(["a", "c"]);
  expect(await keys({ tags: { $nin: [["y"]] } })).toEqual(["a", "c"]);
});

it("a string longer than the kept scalars compares and exists like a short one", async () => {
  expect(await keys({ body: long })).toEqual(["a"]);
  expect(await keys({ body: { $gt: long } })).toEqual(["c"]);
  expect(await keys({ body: { $lt: "t" } })).toEqual(["b"]);
  expect(await keys({ body: { $exists: true }, meta: { $exists: true } })).toEqual(["a", "b", "c"]);
});
