import { WRITES_IDX_MAP } from "@langchain/langgraph-checkpoint";
import { isUpsertWrite, sortStoredWrites, storedWriteIndex } from "../src/index.js";

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
