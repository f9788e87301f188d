import { bruteForceRanking, createFakeEmbedding } from "@checkpointkit/conformance";
import type { Redis } from "ioredis";
import { RedisStore } from "../src/store/index.js";
import { freshKeyPrefix, newClient } from "./redis-test-saver.js";

/**
 * The shard script keeps only the best `offset + limit` hits, by insertion into a short list
 * when the page is small and the candidates many: these cases reach that path (more than four
 * times as many hits as the page) with ties, which the conformance suite's small fixtures do not.
 */
let client: Redis;

beforeAll(() => {
  client = newClient();
});

afterAll(async () => {
  await client.quit();
});

it("items written in one batch (one millisecond) page newest first, each exactly once", async () => {
  const store = new RedisStore({ client, keyPrefix: freshKeyPrefix("rank") });
  const namespace = ["users", "u1"];
  const keys = Array.from({ length: 120 }, (_, index) => `k${String(index).padStart(3, "0")}`);
  await store.batch(keys.map((key) => ({ namespace, key, value: { key } })));
  const pages: string[] = [];
  for (let offset = 0; offset < keys.length; offset += 7) {
    const page = await store.search(namespace, { limit: 7, offset });
    pages.push(...page.map((item) => item.key));
  }
  // The batch wrote them in order: the last one is the newest.
  expect(pages).toEqual([...keys].reverse());
});

it("a semantic search with tied scores across shards equals the brute-force ranking, page by page", async () => {
  const embedding = createFakeEmbedding(16);
  const store = new RedisStore({
    client,
    keyPrefix: freshKeyPrefix("rank"),
    shardCount: 4,
    index: { dims: 16, embed: (texts) => embedding.embed(texts), fields: ["text"] },
  });
  const topics = ["refund invoice", "password reset", "parcel courier", "eu outage", "billing"];
  // Each text 16 times under different keys and namespaces: exact ties, within and across shards.
  const documents = Array.from({ length: 240 }, (_, index) => ({
    namespace: ["tenant", `user-${index % 6}`],
    key: `doc-${String(index).padStart(2, "0")}`,
    text: `${topics[index % topics.length]} ${Math.floor(index / 80)}`,
  }));
  await store.batch(
    documents.map(({ namespace, key, text }) => ({ namespace, key, value: { text } })),
  );
  const expected = await bruteForceRanking(
    embedding,
    "refund for the invoice",
    documents.map(({ key, text }) => ({ key, texts: [text] })),
  );
  const found: string[] = [];
  for (let offset = 0; offset < documents.length; offset += 5) {
    const page = await store.search(["tenant"], {
      query: "refund for the invoice",
      limit: 5,
      offset,
    });
    found.push(...page.map((item) => item.key));
  }
  // Ties go by namespace path, then key (as in PostgresStore), so the reference is re-sorted so.
  const pathOf = new Map(documents.map(({ namespace, key }) => [key, namespace.join(".")]));
  const member = (key: string) => `${pathOf.get(key)}:${key}`;
  const reference = [...expected].sort(
    (a, b) => b.score - a.score || (member(a.key) < member(b.key) ? -1 : 1),
  );
  expect(found).toEqual(reference.map((ranked) => ranked.key));
});
