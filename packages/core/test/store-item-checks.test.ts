import { InvalidConfigError } from "../src/index.js";
import {
  checkNamespaceArray,
  readNamespacePath,
  readNamespacePattern,
  serializeStoreValue,
} from "../src/internal.js";

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    return (error as InvalidConfigError).message;
  }
  throw new Error("accepted");
}

describe("namespace checks", () => {
  it("joins labels with a dot; an empty namespace only where allowed", () => {
    expect(readNamespacePath(["a", "b c"], "namespace", false)).toBe("a.b c");
    expect(readNamespacePath([], "namespacePrefix", true)).toBe("");
    expect(messageOf(() => readNamespacePath([], "namespace", false))).toBe(
      "namespace must not be empty",
    );
    expect(messageOf(() => checkNamespaceArray("a", "namespace", true))).toBe(
      "namespace must be an array of strings",
    );
  });

  it.each([[[""]], [[1]]])("refuses the labels %j", (namespace) => {
    expect(messageOf(() => readNamespacePath(namespace, "namespace", false))).toBe(
      "namespace labels must be non-empty strings",
    );
  });

  it.each([["a.b"], ["a:b"], ["a\u0000b"]])("refuses the label %j", (label) => {
    expect(messageOf(() => readNamespacePath([label], "namespace", false))).toBe(
      'namespace labels must not contain ".", ":" or U+0000',
    );
  });

  it("takes a pattern of strings (wildcards included) as it is", () => {
    expect(readNamespacePattern(["*", "a"], "path")).toEqual(["*", "a"]);
    expect(messageOf(() => readNamespacePattern(["a", 2], "path"))).toBe(
      "path must be an array of strings",
    );
  });
});

describe("serializeStoreValue", () => {
  it("returns the JSON text of a JSON object", () => {
    expect(serializeStoreValue({ a: [1, "\u0000"], b: undefined })).toBe('{"a":[1,"\\u0000"]}');
  });

  it.each([
    [[1], "value must be a JSON object (or null to delete)"],
    [null, "value must be a JSON object (or null to delete)"],
    [{ a: Number.NaN }, "value must not contain NaN or Infinity"],
    [{ a: 1n }, "value must not contain a bigint"],
    [{ a: () => 1 }, "value must not contain a function"],
  ])("refuses %p", (value, message) => {
    expect(messageOf(() => serializeStoreValue(value))).toBe(message);
  });

  it("refuses a cycle", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(messageOf(() => serializeStoreValue(cyclic))).toBe(
      "value cannot be serialized as JSON (a cycle?)",
    );
  });

  it("refuses U+0000 in strings and property names only when asked", () => {
    const rules = { refuseNul: true };
    expect(messageOf(() => serializeStoreValue({ a: "x\u0000" }, rules))).toBe(
      "value must not contain U+0000 (jsonb cannot store it)",
    );
    expect(messageOf(() => serializeStoreValue({ "a\u0000": 1 }, rules))).toBe(
      "value property names must not contain U+0000",
    );
  });
});
