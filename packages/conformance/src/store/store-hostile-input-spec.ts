import { InvalidConfigError } from "@checkpointkit/core";
import type { BaseStore, Operation } from "@langchain/langgraph-checkpoint";
import type { StoreCapabilities } from "./store-capabilities.js";
import { freshRoot, keysOf, rejectionOf, useStore } from "./store-fixtures.js";
import type { StoreHarness } from "./store-harness.js";

/** Keys that a backend might read as a pattern, a separator or a prefix of each other. */
const HOSTILE_KEYS: readonly string[] = [
  "",
  "k",
  "k*",
  "*",
  "%",
  "_",
  "k%",
  "k_",
  ".",
  "a.b",
  ":",
  "a:b",
  "/",
  "'",
  '"',
  "\\",
  " ",
  "é",
  "\u{1F600}",
  "[0]",
  "$",
];

/** Namespaces the convenience methods and `batch` must refuse. */
const INVALID_NAMESPACES: ReadonlyArray<[string, (root: string) => string[]]> = [
  ["a label with a dot", (root) => [root, "a.b"]],
  ["an empty label", (root) => [root, ""]],
  ["a label with a colon", (root) => [root, "a:b"]],
];

/** The rejection of a batch; with typed errors it must be core's InvalidConfigError. */
async function expectRefusedBatch(
  store: BaseStore,
  operations: Operation[],
  capabilities: StoreCapabilities,
): Promise<void> {
  const error = await rejectionOf(store.batch(operations));
  if (capabilities.typedErrors) expect(InvalidConfigError.isInstance(error)).toBe(true);
  else expect(error).toBeInstanceOf(Error);
}

/** Odd keys and labels round-trip without collisions; invalid input is refused before writing. */
export function storeHostileInputSpec(
  harness: StoreHarness,
  capabilities: StoreCapabilities,
): void {
  describe("hostile input", () => {
    const store = useStore(harness);

    it("keys that look like patterns or separators are distinct items", async () => {
      const namespace = [freshRoot()];
      for (const [index, key] of HOSTILE_KEYS.entries()) {
        await store().put(namespace, key, { index });
      }
      for (const [index, key] of HOSTILE_KEYS.entries()) {
        expect((await store().get(namespace, key))?.value).toEqual({ index });
      }
      const listed = keysOf(await store().search(namespace, { limit: 100 }));
      expect(listed.sort()).toEqual([...HOSTILE_KEYS].sort());
    });

    it("namespace labels with pattern characters match only themselves", async () => {
      const root = freshRoot();
      for (const label of ["a%", "ab", "a_", "a*", "a", "a\\"]) {
        await store().put([root, label], "k", { label });
      }
      for (const label of ["a%", "a_", "a*", "a", "a\\"]) {
        const found = await store().search([root, label], { limit: 100 });
        expect(found.map((item) => item.value.label)).toEqual([label]);
      }
    });

    it("a filter key with quotes and operators in it is just a key", async () => {
      const namespace = [freshRoot()];
      await store().put(namespace, "odd", { "it's": 1, "a->b": "x" });
      await store().put(namespace, "plain", { its: 1 });
      expect(keysOf(await store().search(namespace, { filter: { "it's": 1 } }))).toEqual(["odd"]);
      expect(keysOf(await store().search(namespace, { filter: { "a->b": "x" } }))).toEqual(["odd"]);
    });

    for (const [description, namespaceOf] of INVALID_NAMESPACES) {
      it(`${description} is refused, and nothing of its batch is written`, async () => {
        const root = freshRoot();
        await rejectionOf(store().put(namespaceOf(root), "k", { v: 1 }));
        await expectRefusedBatch(
          store(),
          [
            { namespace: [root, "valid"], key: "k", value: { v: 1 } },
            { namespace: namespaceOf(root), key: "k", value: { v: 2 } },
          ],
          capabilities,
        );
        expect(await store().search([root], { limit: 10 })).toEqual([]);
      });
    }

    it("put into the empty namespace is refused", async () => {
      await rejectionOf(store().put([], "k", { v: 1 }));
    });

    const typedIt = capabilities.typedErrors ? it : it.skip;
    const typedSuffix = capabilities.typedErrors
      ? ""
      : " [skipped: capability typedErrors is false]";

    typedIt(`a value that is no JSON object is refused before writing${typedSuffix}`, async () => {
      const root = freshRoot();
      for (const value of ["text", 7, [1, 2], { fn: () => 1 }, { big: 10n }]) {
        await expectRefusedBatch(
          store(),
          [
            { namespace: [root], key: "valid", value: { v: 1 } },
            { namespace: [root], key: "bad", value: value as Record<string, unknown> },
          ],
          capabilities,
        );
      }
      expect(await store().search([root])).toEqual([]);
    });

    typedIt(`an unknown filter operator is refused${typedSuffix}`, async () => {
      await expectRefusedBatch(
        store(),
        [{ namespacePrefix: [freshRoot()], filter: { a: { $regex: ".*" } }, limit: 10, offset: 0 }],
        capabilities,
      );
    });

    typedIt(`a negative limit or offset is refused${typedSuffix}`, async () => {
      const namespacePrefix = [freshRoot()];
      await expectRefusedBatch(store(), [{ namespacePrefix, limit: -1, offset: 0 }], capabilities);
      await expectRefusedBatch(store(), [{ namespacePrefix, limit: 1, offset: -1 }], capabilities);
    });

    it("a very long namespace label round-trips, or is refused with a typed error past the store's limit", async () => {
      const root = freshRoot();
      const limit = capabilities.maxNamespaceBytes;
      if (limit === undefined) {
        const namespace = [root, "x".repeat(10_000)];
        await store().put(namespace, "k", { v: 1 });
        expect((await store().get(namespace, "k"))?.value).toEqual({ v: 1 });
        return;
      }
      const fitting = [root, "x".repeat(limit - root.length - 1)];
      await store().put(fitting, "k", { v: 1 });
      expect((await store().get(fitting, "k"))?.value).toEqual({ v: 1 });
      const tooLong = [root, "y".repeat(limit - root.length)];
      await expectRefusedBatch(
        store(),
        [{ namespace: tooLong, key: "k", value: { v: 2 } }],
        capabilities,
      );
      expect(await store().listNamespaces({ prefix: [root] })).toEqual([fitting]);
    });

    it("a very long key round-trips, or is refused with a typed error past the store's limit", async () => {
      const namespace = [freshRoot()];
      const limit = capabilities.maxKeyBytes;
      if (limit === undefined) {
        const key = "k".repeat(10_000);
        await store().put(namespace, key, { v: 1 });
        expect((await store().get(namespace, key))?.value).toEqual({ v: 1 });
        return;
      }
      await store().put(namespace, "é".repeat(limit / 2), { v: 1 });
      expect((await store().get(namespace, "é".repeat(limit / 2)))?.value).toEqual({ v: 1 });
      await expectRefusedBatch(
        store(),
        [{ namespace, key: "é".repeat(limit / 2 + 1), value: { v: 2 } }],
        capabilities,
      );
      expect(await store().search(namespace)).toHaveLength(1);
    });
  });
}
