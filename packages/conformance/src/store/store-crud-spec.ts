import type { Item, Operation, SearchItem } from "@langchain/langgraph-checkpoint";
import type { StoreCapabilities } from "./store-capabilities.js";
import { freshRoot, STORE_SPEC_TIMEOUT_MS, sleep, useStore } from "./store-fixtures.js";
import type { StoreHarness } from "./store-harness.js";

/** get / put / delete through the convenience methods and through `batch`. */
export function storeCrudSpec(harness: StoreHarness, _capabilities: StoreCapabilities): void {
  describe("get, put, delete", () => {
    const store = useStore(harness);

    it(
      "put then get returns the value, its namespace, key and timestamps",
      async () => {
        const namespace = [freshRoot(), "profiles"];
        const value = { name: "Ada", tags: ["a", "b"], nested: { n: 1.5, flag: true }, none: null };
        await store().put(namespace, "user-1", value);
        const item = await store().get(namespace, "user-1");
        expect(item).not.toBeNull();
        expect(item?.value).toEqual(value);
        expect(item?.key).toBe("user-1");
        expect(item?.namespace).toEqual(namespace);
        expect(item?.createdAt).toBeInstanceOf(Date);
        expect(item?.updatedAt).toBeInstanceOf(Date);
      },
      STORE_SPEC_TIMEOUT_MS,
    );

    it("get of a missing key is null", async () => {
      expect(await store().get([freshRoot()], "missing")).toBeNull();
    });

    it(
      "a second put replaces the value, keeps createdAt and moves updatedAt",
      async () => {
        const namespace = [freshRoot()];
        await store().put(namespace, "k", { version: 1, dropped: "yes" });
        const first = await store().get(namespace, "k");
        // Read now: a store may hand out the same object and update it in place.
        const createdAt = first?.createdAt.getTime();
        const firstUpdatedAt = first?.updatedAt.getTime() ?? 0;
        await sleep(20);
        await store().put(namespace, "k", { version: 2 });
        const second = await store().get(namespace, "k");
        expect(second?.value).toEqual({ version: 2 });
        expect(second?.createdAt.getTime()).toBe(createdAt);
        expect(second?.updatedAt.getTime()).toBeGreaterThan(firstUpdatedAt);
      },
      STORE_SPEC_TIMEOUT_MS,
    );

    it("delete removes the item; deleting a missing item is no error", async () => {
      const namespace = [freshRoot()];
      await store().put(namespace, "k", { a: 1 });
      await store().delete(namespace, "k");
      expect(await store().get(namespace, "k")).toBeNull();
      await store().delete(namespace, "k");
      await store().delete([freshRoot()], "never-there");
    });

    it("the same key in a parent, a child and a sibling namespace are three items", async () => {
      const root = freshRoot();
      await store().put([root], "k", { at: "parent" });
      await store().put([root, "child"], "k", { at: "child" });
      await store().put([`${root}x`], "k", { at: "sibling" });
      expect((await store().get([root], "k"))?.value).toEqual({ at: "parent" });
      expect((await store().get([root, "child"], "k"))?.value).toEqual({ at: "child" });
      expect((await store().get([`${root}x`], "k"))?.value).toEqual({ at: "sibling" });
      await store().delete([root, "child"], "k");
      expect((await store().get([root], "k"))?.value).toEqual({ at: "parent" });
    });

    it("batch answers every operation in order: get item, put void, search list, namespaces", async () => {
      const root = freshRoot();
      await store().put([root, "n"], "existing", { v: 1 });
      const operations: Operation[] = [
        { namespace: [root, "n"], key: "existing" },
        { namespace: [root, "n"], key: "absent" },
        { namespace: [root, "m"], key: "new", value: { v: 2 } },
        { namespacePrefix: [root, "n"], limit: 10, offset: 0 },
        { matchConditions: [{ matchType: "prefix", path: [root] }], limit: 10, offset: 0 },
      ];
      // Mixed operations type their results as a union; each position is checked below.
      const results = (await store().batch(operations)) as unknown[];
      expect(results).toHaveLength(5);
      expect((results[0] as Item | null)?.value).toEqual({ v: 1 });
      expect(results[1]).toBeNull();
      expect(results[2] ?? undefined).toBeUndefined();
      expect((results[3] as SearchItem[]).map((item) => item.key)).toEqual(["existing"]);
      expect(results[4]).toEqual(expect.arrayContaining([[root, "n"]]));
      expect((await store().get([root, "m"], "new"))?.value).toEqual({ v: 2 });
    });

    it("two puts of one key in one batch: the last one wins; a null value deletes", async () => {
      const namespace = [freshRoot()];
      await store().put(namespace, "gone", { v: 0 });
      await store().batch([
        { namespace, key: "k", value: { v: 1 } },
        { namespace, key: "k", value: { v: 2 } },
        { namespace, key: "gone", value: null },
      ]);
      expect((await store().get(namespace, "k"))?.value).toEqual({ v: 2 });
      expect(await store().get(namespace, "gone")).toBeNull();
    });

    it("an empty batch answers an empty list", async () => {
      expect(await store().batch([])).toEqual([]);
    });
  });
}
