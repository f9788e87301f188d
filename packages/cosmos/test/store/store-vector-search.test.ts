import { randomUUID } from "node:crypto";
import type { CosmosClient } from "@azure/cosmos";
import {
  type CosmosTestServer,
  createCosmosFaultInjector,
  createFakeEmbedding,
  startCosmosServer,
} from "@checkpointkit/conformance";
import { InvalidConfigError } from "@checkpointkit/core";
import { CosmosStore, type CosmosStoreOptions } from "../../src/store/index.js";
import { newClient, sharedServer, TEST_DATABASE_ID } from "../cosmos-test-saver.js";
import { storeInFreshContainer } from "./cosmos-store-harness.js";

/**
 * The service path of semantic search (Cosmos DB's vector search, here the test server's
 * VectorDistance): how setup decides it, that it really ranks on the server, what it costs,
 * and the exact fallback when the container has no fitting vector policy.
 */
const DIMS = 16;
const embedding = createFakeEmbedding(DIMS);
const index = { dims: DIMS, embed: (texts: string[]) => embedding.embed(texts), fields: ["text"] };
const injector = createCosmosFaultInjector();
let client: CosmosClient;
const created: CosmosStore[] = [];

beforeAll(async () => {
  client = newClient(await sharedServer(), { injector });
});

afterAll(async () => {
  for (const store of created) await store.container.delete().catch(() => undefined);
  client.dispose();
});

async function freshStore(options: Omit<CosmosStoreOptions, "container">): Promise<CosmosStore> {
  const store = await storeInFreshContainer(client, options);
  created.push(store);
  return store;
}

/** A store over an existing container, set up without creating anything. */
async function storeOver(store: CosmosStore, options: Omit<CosmosStoreOptions, "container">) {
  const other = new CosmosStore({ container: store.container, ...options });
  await other.setup();
  return other;
}

it("setup creates the container with a vector policy and a flat vector index; items carry their first vector", async () => {
  const store = await freshStore({ index, vectorSearch: "service" });
  expect(store.searchMode).toBe("service");
  const { resource } = await store.container.read();
  expect(resource?.vectorEmbeddingPolicy?.vectorEmbeddings).toEqual([
    { path: "/embedding", dataType: "float32", distanceFunction: "cosine", dimensions: DIMS },
  ]);
  expect(resource?.indexingPolicy?.vectorIndexes).toEqual([{ path: "/embedding", type: "flat" }]);
  expect(resource?.indexingPolicy?.excludedPaths).toContainEqual({ path: "/embedding/*" });
  await store.put(["u"], "k", { text: "refund" });
  const { resources } = await store.container.items
    .query<{ embedding: number[]; vectors: number[][] }>("SELECT c.embedding, c.vectors FROM c")
    .fetchAll();
  expect(resources[0]?.embedding).toEqual((await embedding.embed(["refund"]))[0]);
  expect(resources[0]?.vectors).toEqual([resources[0]?.embedding]);
});

it("a semantic search on the service path is one query", async () => {
  const store = await freshStore({ index, vectorSearch: "auto" });
  expect(store.searchMode).toBe("service");
  await store.put(["u"], "a", { text: "refund of the invoice" });
  await store.search(["u"], { query: "warm up" });
  injector.reset();
  const results = await store.search(["u"], { query: "invoice refund", limit: 3 });
  expect(results.map((item) => item.key)).toEqual(["a"]);
  const data = injector.requests.filter((request) => !request.isQueryPlan);
  expect(data.map((request) => request.operationType)).toEqual(["query"]);
});

it("the server ranks the candidates: an item found only by its second text is missed on the service path, found by the exact one", async () => {
  // The documented limit of the service path: candidates are ranked by each item's first
  // text. With limit 1 the server returns 2 candidates, both nearer than "multi"'s first text.
  const namespace = [`ns-${randomUUID()}`];
  const query = "refund of a duplicate invoice";
  const service = await freshStore({ index, vectorSearch: "service" });
  await service.put(namespace, "near", { text: "refund of an invoice" });
  await service.put(namespace, "nearer", { text: "refund of the duplicate invoice" });
  await service.put(namespace, "multi", { a: "parcel courier", b: query }, ["a", "b"]);
  const exact = await storeOver(service, { index, vectorSearch: "exact" });
  expect(exact.searchMode).toBe("exact");

  const exactTop = await exact.search(namespace, { query, limit: 1 });
  expect(exactTop.map((item) => [item.key, item.score])).toEqual([["multi", 1]]);
  const serviceTop = await service.search(namespace, { query, limit: 1 });
  expect(serviceTop.map((item) => item.key)).toEqual(["nearer"]);
  // Within the candidates the ranking and scores are the exact ones.
  const exactAll = await exact.search(namespace, { query, limit: 3 });
  const serviceAll = await service.search(namespace, { query, limit: 3 });
  expect(serviceAll).toEqual(exactAll);
});

describe("fallback to the exact search", () => {
  it("auto on a container without a vector policy: exact, the reason said once", async () => {
    const plain = await freshStore({ index, vectorSearch: "exact" });
    const { resource } = await plain.container.read();
    expect(resource?.vectorEmbeddingPolicy).toBeUndefined();
    const reasons: string[] = [];
    const auto = await storeOver(plain, {
      index,
      onVectorSearchFallback: (reason) => reasons.push(reason),
    });
    await auto.setup();
    expect(auto.searchMode).toBe("exact");
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/no vector embedding policy for \/embedding/);
    await auto.put(["u"], "a", { text: "refund" });
    expect((await auto.search(["u"], { query: "refund" }))[0]?.score).toBeCloseTo(1, 12);
  });

  it("auto on a container whose policy has other dimensions: exact, with the reason", async () => {
    const other = await freshStore({ index: { ...index, dims: 8 }, vectorSearch: "service" });
    const reasons: string[] = [];
    const auto = await storeOver(other, {
      index,
      onVectorSearchFallback: (reason) => reasons.push(reason),
    });
    expect(auto.searchMode).toBe("exact");
    expect(reasons[0]).toMatch(/embeds 8 dimensions at \/embedding, index.dims is 16/);
  });

  it("service on a container without a vector policy: setup fails with InvalidConfigError", async () => {
    const plain = await freshStore({ index, vectorSearch: "exact" });
    const error = await storeOver(plain, { index, vectorSearch: "service" }).catch((e) => e);
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect((error as InvalidConfigError).field).toBe("vectorSearch");
  });

  it("without index, vectorSearch service is refused at construction", () => {
    const container = client.database(TEST_DATABASE_ID).container(`store-${randomUUID()}`);
    expect(() => new CosmosStore({ container, vectorSearch: "service" })).toThrow(
      InvalidConfigError,
    );
    expect(() => new CosmosStore({ container, index, vectorSearch: "fast" as "auto" })).toThrow(
      /vectorSearch must be one of/,
    );
  });
});

describe("an account without vector search", () => {
  let server: CosmosTestServer;
  let plainClient: CosmosClient;
  beforeAll(async () => {
    server = await startCosmosServer({ vectorSearch: false });
    plainClient = newClient(server);
  });
  afterAll(async () => {
    plainClient.dispose();
    await server.stop();
  });

  it("auto: the refused vector policy falls back to a container without it, exact, said once", async () => {
    const reasons: string[] = [];
    const store = await storeInFreshContainer(plainClient, {
      index,
      onVectorSearchFallback: (reason) => reasons.push(reason),
    });
    expect(store.searchMode).toBe("exact");
    expect(reasons).toEqual([
      expect.stringMatching(/refused to create container .* vector policy/),
    ]);
    const { resource } = await store.container.read();
    expect(resource?.vectorEmbeddingPolicy).toBeUndefined();
    await store.put(["u"], "a", { text: "refund" });
    expect((await store.search(["u"], { query: "refund" })).map((item) => item.key)).toEqual(["a"]);
  });

  it("service: setup fails with InvalidConfigError (field vectorSearch)", async () => {
    const error = await storeInFreshContainer(plainClient, {
      index,
      vectorSearch: "service",
    }).catch((e) => e);
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect((error as InvalidConfigError).field).toBe("vectorSearch");
  });
});
