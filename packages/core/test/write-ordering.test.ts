import { ERROR, WRITES_IDX_MAP } from "@langchain/langgraph-checkpoint";
import {
  InvalidConfigError,
  isUpsertWrite,
  sortStoredWrites,
  storedWriteIndex,
} from "../src/index.js";
import { serializedWriteIndex } from "../src/internal.js";

describe("write ordering", () => {
  it("orders by task path, then task id, then index", () => {
    const writes = [
      { taskPath: "~__pregel_pull, b", taskId: "t1", idx: 0 },
      { taskPath: "~__pregel_pull, a", taskId: "t9", idx: 1 },
      { taskPath: "~__pregel_pull, a", taskId: "t9", idx: 0 },
      { taskPath: "", taskId: "input", idx: 0 },
      { taskPath: "~__pregel_pull, a", taskId: "t2", idx: 5 },
    ];
    expect(sortStoredWrites(writes).map((w) => `${w.taskPath}|${w.taskId}|${w.idx}`)).toEqual([
      "|input|0",
      "~__pregel_pull, a|t2|5",
      "~__pregel_pull, a|t9|0",
      "~__pregel_pull, a|t9|1",
      "~__pregel_pull, b|t1|0",
    ]);
  });

  it("compares by code point, not UTF-16 units or locale", () => {
    // U+FF5E (BMP) sorts before U+1F600 by code point, after it by UTF-16 code unit.
    const writes = [
      { taskPath: "p", taskId: "\u{1F600}", idx: 0 },
      { taskPath: "p", taskId: "\uFF5E", idx: 0 },
      { taskPath: "p", taskId: "B", idx: 0 },
      { taskPath: "p", taskId: "a", idx: 0 },
    ];
    expect(sortStoredWrites(writes).map((w) => w.taskId)).toEqual([
      "B",
      "a",
      "\uFF5E",
      "\u{1F600}",
    ]);
  });

  it("gives special channels their fixed index and marks them as upserts", () => {
    for (const [channel, index] of Object.entries(WRITES_IDX_MAP)) {
      expect(storedWriteIndex(channel, 7)).toBe(index);
      expect(isUpsertWrite(channel)).toBe(true);
    }
    expect(storedWriteIndex("messages", 7)).toBe(7);
    expect(isUpsertWrite("messages")).toBe(false);
  });
});

describe("serializedWriteIndex", () => {
  it("is the write's position, or a special channel's fixed index, when it carries none", () => {
    expect(serializedWriteIndex({ channel: "messages" }, 3, "writes[3]")).toBe(3);
    expect(serializedWriteIndex({ channel: ERROR }, 3, "writes[3]")).toBe(WRITES_IDX_MAP[ERROR]);
  });

  it("keeps the index a write carries", () => {
    expect(serializedWriteIndex({ channel: "messages", idx: 7 }, 0, "writes[0]")).toBe(7);
    const fixed = WRITES_IDX_MAP[ERROR]!;
    expect(serializedWriteIndex({ channel: ERROR, idx: fixed }, 0, "writes[0]")).toBe(fixed);
  });

  it.each([
    [{ channel: "messages", idx: -1 }],
    [{ channel: "messages", idx: 1.5 }],
    [{ channel: ERROR, idx: 0 }],
  ])("refuses %p with InvalidConfigError naming the field", (write) => {
    let caught: unknown;
    try {
      serializedWriteIndex(write, 0, "writes[0]");
    } catch (error) {
      caught = error;
    }
    expect(InvalidConfigError.isInstance(caught)).toBe(true);
    expect((caught as InvalidConfigError).field).toBe("writes[0].idx");
  });
});
