import type { Checkpoint, CheckpointMetadata } from "@langchain/langgraph-checkpoint";
import { InvalidConfigError } from "../src/index.js";
import { findUnstorableValue } from "../src/input/unstorable-value.js";
import {
  assertCheckpointInput,
  assertPendingWritesInput,
  readListScope,
  readThreadConfig,
  readThreadIdArgument,
} from "../src/internal.js";

const LONE_HIGH = "a\uD800b";
const LONE_LOW = "\uDC00";
const METADATA: CheckpointMetadata = { source: "input", step: -1, parents: {} };

function checkpoint(overrides: Partial<Checkpoint> = {}): Checkpoint {
  return {
    v: 4,
    id: "1ef",
    ts: "2026-12-04T00:00:00.000Z",
    channel_values: { messages: ["hi"] },
    channel_versions: { messages: 1 },
    versions_seen: {},
    ...overrides,
  };
}

function fieldOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    return (error as InvalidConfigError).field;
  }
  throw new Error("expected an InvalidConfigError");
}

describe("thread ids given as arguments (deleteThread, copyThread, prune)", () => {
  it.each([undefined, null, {}, [], true, Number.NaN, Number.POSITIVE_INFINITY])(
    "refuses %p instead of turning it into a thread id",
    (value) => {
      expect(fieldOf(() => readThreadIdArgument(value, "threadId"))).toBe("threadId");
    },
  );

  it("reads strings as they are and finite numbers as their decimal string", () => {
    expect(readThreadIdArgument("", "threadId")).toBe("");
    expect(readThreadIdArgument("undefined", "threadId")).toBe("undefined");
    expect(readThreadIdArgument(42, "threadId")).toBe("42");
  });

  it("refuses lone surrogates, which no backend stores exactly", () => {
    expect(fieldOf(() => readThreadIdArgument(LONE_HIGH, "threadId"))).toBe("threadId");
    expect(readThreadIdArgument("emoji 🦜", "threadId")).toBe("emoji 🦜");
  });
});

describe("RunnableConfig ids", () => {
  it("refuses a lone surrogate in any id", () => {
    expect(fieldOf(() => readThreadConfig({ configurable: { thread_id: LONE_LOW } }))).toBe(
      "configurable.thread_id",
    );
    expect(
      fieldOf(() =>
        readThreadConfig({ configurable: { thread_id: "t", checkpoint_ns: LONE_HIGH } }),
      ),
    ).toBe("configurable.checkpoint_ns");
    expect(
      fieldOf(() =>
        readThreadConfig({ configurable: { thread_id: "t", checkpoint_id: LONE_HIGH } }),
      ),
    ).toBe("configurable.checkpoint_id");
  });

  it("reads a null namespace as the root namespace for one checkpoint", () => {
    expect(readThreadConfig({ configurable: { thread_id: 7, checkpoint_ns: null } })).toEqual({
      threadId: "7",
      checkpointNs: "",
      checkpointId: undefined,
    });
  });

  it("refuses an object as thread id", () => {
    expect(fieldOf(() => readThreadConfig({ configurable: { thread_id: {} } }))).toBe(
      "configurable.thread_id",
    );
  });
});

describe("list scope", () => {
  it("reads undefined and null namespaces alike as every namespace", () => {
    expect(readListScope({ configurable: { thread_id: "t" } }).checkpointNs).toBeUndefined();
    expect(readListScope({ configurable: { checkpoint_ns: null } }).checkpointNs).toBeUndefined();
    expect(readListScope({ configurable: { checkpoint_ns: "" } }).checkpointNs).toBe("");
    expect(readListScope(undefined)).toEqual({
      threadId: undefined,
      checkpointNs: undefined,
      checkpointId: undefined,
    });
  });

  it("refuses a namespace that is not a string", () => {
    expect(fieldOf(() => readListScope({ configurable: { checkpoint_ns: 3 } }))).toBe(
      "configurable.checkpoint_ns",
    );
  });
});

describe("values the serializer cannot round-trip", () => {
  const circular: Record<string, unknown> = { a: 1 };
  circular.self = circular;

  it.each([
    ["a function", () => 1, "value"],
    ["a symbol", Symbol("s"), "value"],
    ["a bigint", 10n, "value"],
    ["a nested function", { deep: [{ fn: () => 1 }] }, "value.deep[0].fn"],
    ["a cycle", circular, "value.self"],
    ["a lone surrogate", { text: LONE_HIGH }, "value.text"],
    ["a lone surrogate in a key", { [LONE_LOW]: 1 }, `value.${LONE_LOW}`],
    ["a bigint in a Map", new Map([["k", 1n]]), "value.get(…)"],
    ["a symbol in a Set", new Set([Symbol("x")]), "value.<entry>"],
    ["an own __proto__ key", JSON.parse('{"a":{"__proto__":1}}'), "value.a.__proto__"],
  ])("finds %s", (_, value, path) => {
    expect(findUnstorableValue(value, "value")?.path).toBe(path);
  });

  it("accepts what JsonPlusSerializer round-trips, shared references included", () => {
    const shared = { same: true };
    const value = {
      bytes: new Uint8Array([0, 1]),
      map: new Map([["a", new Set([1, "two"])]]),
      when: new Date(0),
      nul: "a\u0000b",
      emoji: "🦜",
      nothing: null,
      missing: undefined,
      twice: [shared, shared],
      withToJSON: { toJSON: () => ({ plain: 1 }) },
    };
    expect(findUnstorableValue(value, "value")).toBeUndefined();
  });
});

describe("put input", () => {
  it("refuses a missing or numeric checkpoint id", () => {
    expect(
      fieldOf(() => assertCheckpointInput(checkpoint({ id: undefined as never }), METADATA, {})),
    ).toBe("checkpoint.id");
    expect(fieldOf(() => assertCheckpointInput(checkpoint({ id: 5 as never }), METADATA, {}))).toBe(
      "checkpoint.id",
    );
  });

  it("names the channel whose value cannot be stored", () => {
    const bad = checkpoint({ channel_values: { ok: 1, tool: () => 1 } });
    expect(fieldOf(() => assertCheckpointInput(bad, METADATA, { tool: 2 }))).toBe(
      "checkpoint.channel_values.tool",
    );
  });

  it("checks only the channels that will be stored", () => {
    const bad = checkpoint({ channel_values: { old: () => 1, fresh: 1 } });
    expect(() => assertCheckpointInput(bad, METADATA, { fresh: 2 })).not.toThrow();
  });

  it("refuses metadata with a bigint or a cycle", () => {
    expect(fieldOf(() => assertCheckpointInput(checkpoint(), { step: 1n } as never, {}))).toBe(
      "metadata",
    );
    const loop: Record<string, unknown> = {};
    loop.loop = loop;
    expect(fieldOf(() => assertCheckpointInput(checkpoint(), loop as never, {}))).toBe("metadata");
  });

  it("refuses channel versions that are neither strings nor numbers", () => {
    const bad = checkpoint({ channel_versions: { messages: { v: 1 } as never } });
    expect(fieldOf(() => assertCheckpointInput(bad, METADATA, {}))).toBe(
      "checkpoint.channel_versions.messages",
    );
  });
});

describe("putWrites input", () => {
  it("refuses a missing task id", () => {
    expect(fieldOf(() => assertPendingWritesInput([["a", 1]], undefined, ""))).toBe("taskId");
  });

  it("defaults a missing task path to the empty string", () => {
    expect(assertPendingWritesInput([["a", 1]], "task", undefined)).toBe("");
  });

  it("names the write whose value cannot be stored", () => {
    expect(
      fieldOf(() =>
        assertPendingWritesInput(
          [
            ["a", 1],
            ["b", Symbol()],
          ],
          "t",
          "",
        ),
      ),
    ).toBe("writes[1] (b)");
  });

  it("refuses a channel that is not a string", () => {
    expect(fieldOf(() => assertPendingWritesInput([[3 as never, 1]], "t", ""))).toBe(
      "writes[0] channel",
    );
  });
});
