import type { SearchItem } from "@langchain/langgraph-checkpoint";
import {
  bruteForceRanking,
  createFakeEmbedding,
  type RankedKey,
  type ReferenceDocument,
} from "./fake-embedding.js";
import type { StoreCapabilities } from "./store-capabilities.js";
import { freshRoot, keysOf, STORE_SPEC_TIMEOUT_MS, useStore } from "./store-fixtures.js";
import type { StoreHarness } from "./store-harness.js";

const DIMS = 32;
/** Decimal places scores must agree on: float4 vectors (pgvector) keep about 7 digits. */
const SCORE_DIGITS = 5;

const DOCUMENTS: ReadonlyArray<[string, string]> = [
  ["refund", "customer asked for a refund of the duplicate invoice"],
  ["billing", "billing address changed for the enterprise account"],
  ["outage", "service outage in the eu region, status page updated"],
  ["password", "password reset link expired, sent a new one"],
  ["invoice", "invoice 8842 was paid twice by card"],
  ["policy", "refund policy allows returns within thirty days"],
  ["shipping", "parcel shipped with express courier"],
];

function expectRanking(results: readonly SearchItem[], expected: readonly RankedKey[]): void {
  expect(keysOf(results)).toEqual(expected.map((ranked) => ranked.key));
  results.forEach((item, index) => {
    expect(item.score).toBeCloseTo(expected[index]?.score ?? Number.NaN, SCORE_DIGITS);
  });
}

/** Semantic search with an `index` config, checked against a brute-force cosine ranking. */
export function storeSemanticSpec(harness: StoreHarness, capabilities: StoreCapabilities): void {
  const block = capabilities.semanticSearch ? describe : describe.skip;
  const suffix = capabilities.semanticSearch
    ? ""
    : " [skipped: capability semanticSearch is false]";
  block(`semantic search${suffix}`, () => {
    const embedding = createFakeEmbedding(DIMS);
    const store = useStore(harness, {
      index: { dims: DIMS, embed: (texts) => embedding.embed(texts), fields: ["text"] },
    });
    const namespace = [freshRoot(), "notes"];
    const reference: ReferenceDocument[] = DOCUMENTS.map(([key, text]) => ({
      key,
      texts: [text],
    }));
    beforeAll(async () => {
      for (const [key, text] of DOCUMENTS) {
        await store().put(namespace, key, { text, length: text.length });
      }
    }, STORE_SPEC_TIMEOUT_MS);

    it("ranks by cosine similarity exactly like a brute-force search, with scores", async () => {
      for (const query of ["refund for a duplicate invoice", "eu outage", "reset my password"]) {
        const expected = await bruteForceRanking(embedding, query, reference);
        const results = await store().search(namespace, { query, limit: DOCUMENTS.length });
        expectRanking(results, expected);
      }
    });

    it("limit and offset slice the exact ranking", async () => {
      const query = "invoice paid twice";
      const expected = await bruteForceRanking(embedding, query, reference);
      expectRanking(await store().search(namespace, { query, limit: 3 }), expected.slice(0, 3));
      expectRanking(
        await store().search(namespace, { query, limit: 3, offset: 3 }),
        expected.slice(3, 6),
      );
    });

    it("a filter narrows the candidates before ranking", async () => {
      const query = "refund";
      const filter = { length: { $gt: 40 } };
      const kept = reference.filter((document) => (document.texts[0]?.length ?? 0) > 40);
      const expected = await bruteForceRanking(embedding, query, kept);
      expectRanking(await store().search(namespace, { query, filter, limit: 10 }), expected);
    });

    it(
      "an item's own index paths replace the store's fields; each array element is a vector",
      async () => {
        const root = [freshRoot()];
        const chapters = ["courier express parcel", "refund of invoice", "unrelated words"];
        await store().put(root, "book", { text: "ignored here", chapters }, ["chapters[*]"]);
        await store().put(root, "plain", { text: "invoice refund" });
        const query = "refund invoice";
        const expected = await bruteForceRanking(embedding, query, [
          { key: "book", texts: chapters },
          { key: "plain", texts: ["invoice refund"] },
        ]);
        expectRanking(await store().search(root, { query, limit: 2 }), expected);
      },
      STORE_SPEC_TIMEOUT_MS,
    );

    it("index: false stores the item without embedding it", async () => {
      const root = [freshRoot()];
      const text = `never embedded ${freshRoot()}`;
      await store().put(root, "hidden", { text }, false);
      await store().put(root, "shown", { text: "shown text" });
      expect(embedding.embeddedTexts).not.toContain(text);
      expect((await store().get(root, "hidden"))?.value).toEqual({ text });
      const results = await store().search(root, { query: "never embedded", limit: 1 });
      expect(keysOf(results)).toEqual(["shown"]);
    });

    it("updating an item replaces its vectors; deleting it removes them", async () => {
      const root = [freshRoot()];
      await store().put(root, "moving", { text: "password reset" });
      await store().put(root, "fixed", { text: "express courier" });
      await store().put(root, "moving", { text: "express courier parcel" });
      const query = "express courier parcel";
      const expected = await bruteForceRanking(embedding, query, [
        { key: "moving", texts: ["express courier parcel"] },
        { key: "fixed", texts: ["express courier"] },
      ]);
      expectRanking(await store().search(root, { query, limit: 5 }), expected);
      await store().delete(root, "moving");
      expect(keysOf(await store().search(root, { query, limit: 5 }))).toEqual(["fixed"]);
    });

    it("without a query, an indexed store searches like any other", async () => {
      const results = await store().search(namespace, { filter: { length: { $lt: 36 } } });
      expect(keysOf(results).sort()).toEqual(
        DOCUMENTS.filter(([, text]) => text.length < 36)
          .map(([key]) => key)
          .sort(),
      );
    });
  });
}
