/**
 * Values the default `JsonPlusSerializer` cannot store and read back: stored anyway, they make
 * every later read of the thread throw, so the input contract refuses them before writing.
 * Factories, because a spec may mutate nothing but must not share a cyclic object.
 */
export const UNSTORABLE_VALUES: readonly (readonly [label: string, make: () => unknown])[] = [
  ["a function", () => () => "not data"],
  ["a Symbol", () => Symbol("not data")],
  ["a BigInt", () => 10n ** 20n],
  [
    "a circular object",
    () => {
      const node: { name: string; self?: unknown } = { name: "loop" };
      node.self = node;
      return node;
    },
  ],
  ["a function nested in an array in an object", () => ({ steps: [{ run: () => "not data" }] })],
];

/** Metadata the serializer cannot store: a BigInt value and a cycle. */
export const UNSTORABLE_METADATA: readonly (readonly [label: string, make: () => unknown])[] = [
  ["a BigInt", () => ({ tokens: 12n })],
  [
    "a cycle",
    () => {
      const metadata: Record<string, unknown> = { source: "loop", step: 1 };
      metadata.parent = metadata;
      return metadata;
    },
  ],
];

/** A string with a lone UTF-16 surrogate, which no backend can store as UTF-8. */
export const LONE_SURROGATE = "lone-\uD800-surrogate";
