import type { BaseStore } from "@langchain/langgraph-checkpoint";
import type { StoreCapabilities } from "./store-capabilities.js";
import { freshRoot, keysOf, STORE_SPEC_TIMEOUT_MS, sleep, useStore } from "./store-fixtures.js";
import type { StoreHarness } from "./store-harness.js";

/** Items whose filter fields exercise every comparison: present, missing, wrong type. */
const PRODUCTS: ReadonlyArray<[string, Record<string, unknown>]> = [
  ["p1", { color: "red", price: 5, stock: 0, onSale: true }],
  ["p2", { color: "blue", price: 10, stock: 3, onSale: false }],
  ["p3", { color: "red", price: 20, stock: null }],
  ["p4", { color: "green", price: "twelve" }],
  ["p5", { price: 10.5, color: "Red" }],
];

async function putProducts(store: BaseStore, namespace: string[]): Promise<void> {
  for (const [key, value] of PRODUCTS) await store.put(namespace, key, value);
}

/** Keys a filtered search returns, sorted (order is another spec's business). */
async function matching(
  store: BaseStore,
  namespace: string[],
  filter: Record<string, unknown>,
): Promise<string[]> {
  return keysOf(await store.search(namespace, { filter, limit: 100 })).sort();
}

/** Namespace-prefix search, metadata filters and pagination. */
export function storeSearchSpec(harness: StoreHarness, capabilities: StoreCapabilities): void {
  describe("search", () => {
    const store = useStore(harness);

    it("returns the items of the prefix and of every namespace below it, no others", async () => {
      const root = freshRoot();
      await store().put([root], "top", { n: 0 });
      await store().put([root, "a"], "a", { n: 1 });
      await store().put([root, "a", "x"], "ax", { n: 2 });
      await store().put([root, "ab"], "ab", { n: 3 });
      const under = async (prefix: string[]) =>
        keysOf(await store().search(prefix, { limit: 100 })).sort();
      expect(await under([root, "a"])).toEqual(["a", "ax"]);
      expect(await under([root, "a", "x"])).toEqual(["ax"]);
      expect(await under([root])).toEqual(["a", "ab", "ax", "top"]);
      expect(keysOf(await store().search([], { limit: 10_000 }))).toEqual(
        expect.arrayContaining(["a", "ab", "ax", "top"]),
      );
    });

    it("search results carry value, namespace and timestamps", async () => {
      const root = freshRoot();
      await store().put([root, "deep"], "k", { v: "x" });
      const [item] = await store().search([root]);
      expect(item?.value).toEqual({ v: "x" });
      expect(item?.namespace).toEqual([root, "deep"]);
      expect(item?.createdAt).toBeInstanceOf(Date);
      expect(item?.updatedAt).toBeInstanceOf(Date);
    });

    it(
      "returns 10 items by default; limit and offset page through all of them exactly once",
      async () => {
        const root = freshRoot();
        const keys = Array.from({ length: 12 }, (_, index) => `k${String(index).padStart(2, "0")}`);
        for (const key of keys) await store().put([root], key, { key });
        expect(await store().search([root])).toHaveLength(10);
        const pages: string[][] = [];
        for (let offset = 0; offset < 15; offset += 5) {
          pages.push(keysOf(await store().search([root], { limit: 5, offset })));
        }
        expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
        expect(pages.flat().sort()).toEqual(keys);
        expect(await store().search([root], { offset: 12 })).toEqual([]);
      },
      STORE_SPEC_TIMEOUT_MS,
    );

    (capabilities.searchNewestFirst ? it : it.skip)(
      `${capabilities.searchNewestFirst ? "" : "[skipped: capability searchNewestFirst is false] "}without a query, the most recently updated items come first`,
      async () => {
        const root = freshRoot();
        for (const key of ["a", "b", "c"]) {
          await store().put([root], key, { key });
          await sleep(15);
        }
        await store().put([root], "a", { key: "a", touched: true });
        expect(keysOf(await store().search([root]))).toEqual(["a", "c", "b"]);
      },
      STORE_SPEC_TIMEOUT_MS,
    );

    describe("filters", () => {
      const namespace = [freshRoot(), "products"];
      beforeAll(async () => putProducts(store(), namespace), STORE_SPEC_TIMEOUT_MS);

      it("equality on strings, numbers, booleans and null; all keys must match", async () => {
        expect(await matching(store(), namespace, { color: "red" })).toEqual(["p1", "p3"]);
        expect(await matching(store(), namespace, { price: 10 })).toEqual(["p2"]);
        expect(await matching(store(), namespace, { onSale: false })).toEqual(["p2"]);
        expect(await matching(store(), namespace, { stock: null })).toEqual(["p3"]);
        expect(await matching(store(), namespace, { color: "red", price: 20 })).toEqual(["p3"]);
        expect(await matching(store(), namespace, { color: "red", price: 10 })).toEqual([]);
        expect(await matching(store(), namespace, { price: "10" })).toEqual([]);
        expect(await matching(store(), namespace, { absent: "x" })).toEqual([]);
      });

      it("$eq and $ne; $ne also matches items without the field", async () => {
        expect(await matching(store(), namespace, { color: { $eq: "red" } })).toEqual(["p1", "p3"]);
        expect(await matching(store(), namespace, { color: { $ne: "red" } })).toEqual([
          "p2",
          "p4",
          "p5",
        ]);
        expect(await matching(store(), namespace, { onSale: { $ne: true } })).toEqual([
          "p2",
          "p3",
          "p4",
          "p5",
        ]);
      });

      it("$gt, $gte, $lt, $lte compare numbers; a field that is no number never matches", async () => {
        expect(await matching(store(), namespace, { price: { $gt: 10 } })).toEqual(["p3", "p5"]);
        expect(await matching(store(), namespace, { price: { $gte: 10 } })).toEqual([
          "p2",
          "p3",
          "p5",
        ]);
        expect(await matching(store(), namespace, { price: { $lt: 10 } })).toEqual(["p1"]);
        expect(await matching(store(), namespace, { price: { $lte: 10.5 } })).toEqual([
          "p1",
          "p2",
          "p5",
        ]);
        expect(await matching(store(), namespace, { price: { $gt: 5, $lt: 20 } })).toEqual([
          "p2",
          "p5",
        ]);
        expect(await matching(store(), namespace, { missing: { $lt: 100 } })).toEqual([]);
      });

      it("$in and $nin; $nin also matches items without the field", async () => {
        expect(await matching(store(), namespace, { color: { $in: ["red", "green"] } })).toEqual([
          "p1",
          "p3",
          "p4",
        ]);
        expect(await matching(store(), namespace, { price: { $in: [5, 20] } })).toEqual([
          "p1",
          "p3",
        ]);
        expect(await matching(store(), namespace, { stock: { $nin: [0, 3] } })).toEqual([
          "p3",
          "p4",
          "p5",
        ]);
      });

      (capabilities.existsOperator ? it : it.skip)(
        `${capabilities.existsOperator ? "" : "[skipped: capability existsOperator is false] "}$exists tells present fields (null included) from missing ones`,
        async () => {
          expect(await matching(store(), namespace, { stock: { $exists: true } })).toEqual([
            "p1",
            "p2",
            "p3",
          ]);
          expect(await matching(store(), namespace, { stock: { $exists: false } })).toEqual([
            "p4",
            "p5",
          ]);
        },
      );

      it("filters combine with pagination: pages of the filtered set", async () => {
        const first = keysOf(
          await store().search(namespace, { filter: { price: { $gte: 5 } }, limit: 2 }),
        );
        const rest = keysOf(
          await store().search(namespace, { filter: { price: { $gte: 5 } }, limit: 2, offset: 2 }),
        );
        expect(first).toHaveLength(2);
        expect([...first, ...rest].sort()).toEqual(["p1", "p2", "p3", "p5"]);
      });
    });
  });
}
