import type { CosmosClient } from "@azure/cosmos";
import { createCosmosFaultInjector, createFakeEmbedding } from "@checkpointkit/conformance";
import type { CosmosStore } from "../../src/store/index.js";
import { newClient, sharedServer } from "../cosmos-test-saver.js";
import { storeInFreshContainer } from "./cosmos-store-harness.js";

/**
 * Requests per store call, counted by an SDK plugin that sees every HTTP attempt. Query-plan
 * requests (one beside the first page of each query, answered without reading data) are
 * counted apart. Caches are warmed first, as in a long-running process.
 */
const injector = createCosmosFaultInjector();
const embedding = createFakeEmbedding(8);
let client: CosmosClient;
let store: CosmosStore;
let expiring: CosmosStore;

beforeAll(async () => {
  client = newClient(await sharedServer(), { injector });
  store = await storeInFreshContainer(client, {
    partitionLabels: 2,
    index: { dims: 8, embed: (texts) => embedding.embed(texts), fields: ["text"] },
  });
  expiring = await storeInFreshContainer(client, { ttlSeconds: 600 });
  for (const target of [store, expiring]) {
    await target.put(["warm", "up"], "k", { text: "warm" });
    await target.get(["warm", "up"], "k");
    await target.search(["warm", "up"], { query: "warm" });
    await target.listNamespaces({ prefix: ["warm", "up"] });
  }
}, 60_000);

afterAll(async () => {
  await store.container.delete();
  await expiring.container.delete();
  client.dispose();
});

/** The data requests `operation` sent, by SDK operation type, plan requests left out. */
async function requestsOf(operation: () => Promise<unknown>): Promise<string[]> {
  injector.reset();
  await operation();
  const data = injector.requests.filter((request) => !request.isQueryPlan);
  const queries = data.filter((request) => request.operationType === "query").length;
  // At most one plan request per query, nothing else on the side.
  expect(injector.requestCount - data.length).toBeLessThanOrEqual(queries);
  return data.map((request) => String(request.operationType)).sort();
}

const user = ["memories", "user_1"];

it("a batch of N puts in one partition: N point reads (createdAt, deletes of absent items skipped), 1 transactional batch", async () => {
  const puts = Array.from({ length: 5 }, (_, index) => ({
    namespace: user,
    key: `k${index}`,
    value: { text: `note ${index}` },
  }));
  expect(await requestsOf(() => store.batch(puts))).toEqual(["batch", ...Array(5).fill("read")]);
});

it("puts into two partitions: one transactional batch each", async () => {
  const types = await requestsOf(() =>
    store.batch([
      { namespace: user, key: "a", value: { text: "a" } },
      { namespace: ["memories", "user_2"], key: "a", value: { text: "a" } },
    ]),
  );
  expect(types).toEqual(["batch", "batch", "read", "read"]);
});

it("N gets in one partition are N point reads, no query; without TTL nothing is written back", async () => {
  const gets = ["k0", "k1", "k2", "absent"].map((key) => ({ namespace: user, key }));
  expect(await requestsOf(() => store.batch(gets))).toEqual(Array(4).fill("read"));
});

it("a search is one query (in the user's partition), semantic or not", async () => {
  expect(await requestsOf(() => store.search(user, { filter: { text: "note 1" } }))).toEqual([
    "query",
  ]);
  expect(await requestsOf(() => store.search(user, { query: "note", limit: 3 }))).toEqual([
    "query",
  ]);
  expect(await requestsOf(() => store.listNamespaces({ prefix: ["memories"] }))).toEqual(["query"]);
});

it("with a TTL, the items a read returned get their TTL refreshed by one patch batch per partition", async () => {
  const namespace = ["ttl", "user_1"];
  await expiring.batch([
    { namespace, key: "a", value: { v: 1 } },
    { namespace, key: "b", value: { v: 2 } },
  ]);
  expect(
    await requestsOf(() =>
      expiring.batch([
        { namespace, key: "a" },
        { namespace, key: "b" },
      ]),
    ),
  ).toEqual(["batch", "read", "read"]);
  expect(await requestsOf(() => expiring.search(namespace))).toEqual(["batch", "query"]);
});
