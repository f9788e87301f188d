import { InvalidConfigError } from "../src/index.js";
import { planStoreBatch, readNamespacePath, type StoreBatchRules } from "../src/internal.js";

interface Address {
  path: string;
  key: string;
}

const rules: StoreBatchRules<Address, string> = {
  readItemAddress: (namespace, key) => ({
    path: readNamespacePath(namespace, "namespace", false),
    key: key as string,
  }),
  itemIdentity: (address) => `${address.path}\u0000${address.key}`,
  readNamespacePrefix: (prefix, field) => readNamespacePath(prefix, field, true),
  storeValue: (value) => JSON.stringify(value),
};

function refusal(operations: unknown[]): InvalidConfigError {
  try {
    planStoreBatch(operations, rules);
  } catch (error) {
    if (InvalidConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("planStoreBatch accepted the batch");
}

describe("planStoreBatch", () => {
  it("sorts a batch by kind and keeps each operation's result index", () => {
    const plan = planStoreBatch(
      [
        { namespace: ["a"], key: "k", value: { n: 1 } },
        { namespace: ["a"], key: "k" },
        { namespacePrefix: ["a"], filter: { n: { $gt: 0 } }, query: "" },
        { matchConditions: [{ matchType: "suffix", path: ["*", "b"] }], maxDepth: 2 },
      ],
      rules,
    );
    expect(plan.gets).toEqual([{ resultIndex: 1, address: { path: "a", key: "k" } }]);
    expect(plan.searches).toEqual([
      {
        resultIndex: 2,
        prefix: ["a"],
        prefixPath: "a",
        filter: [["n", "$gt", 0]],
        limit: 10,
        offset: 0,
        query: undefined,
      },
    ]);
    expect(plan.lists).toEqual([
      { resultIndex: 3, prefix: undefined, suffix: ["*", "b"], maxDepth: 2, limit: 100, offset: 0 },
    ]);
    expect(plan.writes).toEqual([
      {
        address: { path: "a", key: "k" },
        value: { n: 1 },
        stored: '{"n":1}',
        index: undefined,
        ttlSeconds: undefined,
      },
    ]);
  });

  it("keeps only the last write of an item, in that write's place", () => {
    const plan = planStoreBatch(
      [
        { namespace: ["a"], key: "1", value: { v: "first" } },
        { namespace: ["a"], key: "2", value: { v: "other" } },
        { namespace: ["a"], key: "1", value: null },
      ],
      rules,
    );
    expect(plan.writes.map((write) => [write.address.key, write.stored])).toEqual([
      ["2", '{"v":"other"}'],
      ["1", null],
    ]);
  });

  it("gives the empty prefix no path and reads index and ttlSeconds of a put", () => {
    const plan = planStoreBatch(
      [
        { namespacePrefix: [], limit: 3, offset: 2, query: "q" },
        { namespace: ["a"], key: "k", value: {}, index: ["text"], ttlSeconds: null },
      ],
      rules,
    );
    expect(plan.searches[0]).toMatchObject({ prefixPath: undefined, limit: 3, offset: 2 });
    expect(plan.searches[0]?.query).toBe("q");
    expect(plan.writes[0]).toMatchObject({ index: ["text"], ttlSeconds: null });
  });

  it.each([
    [[null], "operations", "each operation must be an object"],
    [[{}], "operations", "unknown operation: no namespace, namespacePrefix or limit"],
    [[{ namespacePrefix: [], limit: -1 }], "limit", "limit must be a non-negative integer"],
    [[{ namespacePrefix: [], offset: 1.5 }], "offset", "offset must be a non-negative integer"],
    [[{ namespacePrefix: [], query: 3 }], "query", "query must be a string"],
    [[{ namespacePrefix: [], filter: [] }], "filter", "filter must be an object"],
    [[{ limit: 5, maxDepth: 0 }], "maxDepth", "maxDepth must be at least 1"],
    [[{ limit: 5, matchConditions: {} }], "matchConditions", "matchConditions must be an array"],
    [
      [{ limit: 5, matchConditions: [{ matchType: "middle", path: [] }] }],
      "matchConditions.matchType",
      'matchType must be "prefix" or "suffix"',
    ],
    [
      [{ limit: 5, matchConditions: [{ matchType: "prefix", path: [1] }] }],
      "matchConditions.path",
      "matchConditions.path must be an array of strings",
    ],
    [
      [{ namespace: ["a"], key: "k", value: {}, ttlSeconds: 0 }],
      "ttlSeconds",
      "ttlSeconds must be a positive number or null",
    ],
    [
      [{ namespace: ["a"], key: "k", value: {}, index: "text" }],
      "index",
      "index must be false or an array of field paths",
    ],
  ])("refuses %j (field %s) before anything runs", (operations, field, message) => {
    const error = refusal(operations);
    expect(error.message).toBe(message);
    expect(error.field).toBe(field);
  });

  it("refuses a batch that is not an array", () => {
    expect(() => planStoreBatch({} as unknown as unknown[], rules)).toThrow(
      "batch takes an array of operations",
    );
  });

  it("uses the backend's pattern rule when it has one", () => {
    const strict = { ...rules, readNamespacePattern: () => ["fixed"] };
    const plan = planStoreBatch(
      [{ limit: 1, matchConditions: [{ matchType: "prefix", path: ["x"] }] }],
      strict,
    );
    expect(plan.lists[0]?.prefix).toEqual(["fixed"]);
  });
});
