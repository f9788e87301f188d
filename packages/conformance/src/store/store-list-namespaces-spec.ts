import type { StoreCapabilities } from "./store-capabilities.js";
import { STORE_SPEC_TIMEOUT_MS, useStore } from "./store-fixtures.js";
import type { StoreHarness } from "./store-harness.js";

/** Sorted as every store sorts them: label by label. */
const NAMESPACES: readonly string[][] = [
  ["a", "b", "c"],
  ["a", "b", "d"],
  ["a", "e"],
  ["x", "b"],
  ["x", "y", "b"],
];

/** listNamespaces with prefix, suffix, wildcards, maxDepth, limit and offset. */
export function storeListNamespacesSpec(
  harness: StoreHarness,
  _capabilities: StoreCapabilities,
): void {
  describe("listNamespaces", () => {
    // A store of its own: these specs see every namespace in it.
    const store = useStore(harness);
    beforeAll(async () => {
      for (const namespace of NAMESPACES) await store().put(namespace, "k", { v: 1 });
      await store().put(["a", "b", "c"], "second", { v: 2 });
    }, STORE_SPEC_TIMEOUT_MS);

    it("lists every namespace holding items once, sorted", async () => {
      expect(await store().listNamespaces()).toEqual(NAMESPACES);
    });

    it("prefix keeps the namespaces under it; '*' matches any one label", async () => {
      expect(await store().listNamespaces({ prefix: ["a"] })).toEqual(NAMESPACES.slice(0, 3));
      expect(await store().listNamespaces({ prefix: ["a", "b"] })).toEqual(NAMESPACES.slice(0, 2));
      expect(await store().listNamespaces({ prefix: ["*", "b"] })).toEqual([
        ["a", "b", "c"],
        ["a", "b", "d"],
        ["x", "b"],
      ]);
      expect(await store().listNamespaces({ prefix: ["a", "b", "c", "d"] })).toEqual([]);
    });

    it("suffix keeps the namespaces ending with it; combines with prefix", async () => {
      expect(await store().listNamespaces({ suffix: ["b"] })).toEqual([
        ["x", "b"],
        ["x", "y", "b"],
      ]);
      expect(await store().listNamespaces({ suffix: ["*", "b"] })).toEqual([
        ["x", "b"],
        ["x", "y", "b"],
      ]);
      expect(await store().listNamespaces({ prefix: ["a"], suffix: ["d"] })).toEqual([
        ["a", "b", "d"],
      ]);
    });

    it("maxDepth truncates each namespace and lists each truncation once", async () => {
      expect(await store().listNamespaces({ maxDepth: 1 })).toEqual([["a"], ["x"]]);
      expect(await store().listNamespaces({ maxDepth: 2 })).toEqual([
        ["a", "b"],
        ["a", "e"],
        ["x", "b"],
        ["x", "y"],
      ]);
      expect(await store().listNamespaces({ prefix: ["x"], maxDepth: 2 })).toEqual([
        ["x", "b"],
        ["x", "y"],
      ]);
    });

    it("limit and offset page through the sorted list", async () => {
      expect(await store().listNamespaces({ limit: 2 })).toEqual(NAMESPACES.slice(0, 2));
      expect(await store().listNamespaces({ limit: 2, offset: 2 })).toEqual(NAMESPACES.slice(2, 4));
      expect(await store().listNamespaces({ limit: 2, offset: 4 })).toEqual(NAMESPACES.slice(4));
      expect(await store().listNamespaces({ offset: 5 })).toEqual([]);
    });
  });
}
