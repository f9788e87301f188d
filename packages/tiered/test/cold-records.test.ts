import { serializedWriteIndex } from "@checkpointkit/core/internal";
import type { StoredWrite } from "@checkpointkit/redis/internal";
import { writesRecordFromHot } from "../src/cold-records.js";

const value = { type: "json", bytes: new Uint8Array() };
const write = (channel: string, idx: number): StoredWrite => ({
  taskId: "t",
  taskPath: "p",
  channel,
  idx,
  value,
});
const address = {
  threadId: "th",
  checkpointNs: "",
  checkpointId: "c",
  entryId: "1-0",
  taskId: "t",
};

/** The index each write gets when a cold tier stores the record (see `serializedWriteIndex`). */
function storedIndexes(writes: StoredWrite[]): [string, number][] {
  return writesRecordFromHot(address, writes).writes.map((item, position) => [
    item.channel,
    serializedWriteIndex(item, position, `writes[${position}]`),
  ]);
}

describe("writes taken from the hot tier", () => {
  it("keep the index every write had, special writes included", () => {
    const writes = [
      write("__error__", -1),
      write("a", 1),
      write("b", 2),
      write("__interrupt__", -3),
    ];
    expect(new Map(storedIndexes(writes))).toEqual(
      new Map([
        ["__error__", -1],
        ["a", 1],
        ["b", 2],
        ["__interrupt__", -3],
      ]),
    );
  });

  it("keep indexes with gaps (a regular write replaced by nothing) as they were", () => {
    expect(storedIndexes([write("x", 0), write("z", 2), write("__error__", -1)])).toEqual([
      ["__error__", -1],
      ["x", 0],
      ["z", 2],
    ]);
  });

  it("keep regular indexes when writes came from several calls", () => {
    expect(storedIndexes([write("x", 0), write("y", 1), write("z", 2)])).toEqual([
      ["x", 0],
      ["y", 1],
      ["z", 2],
    ]);
  });

  it("carry the task path", () => {
    expect(writesRecordFromHot(address, [write("a", 0)]).taskPath).toBe("p");
  });
});
