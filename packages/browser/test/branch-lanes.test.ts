import { layoutLanes } from "../src/views/branch-lanes.js";

/** Rows newest first, as the timeline lists them: [key, parentKey]. */
const rows = (pairs: [string, string | null][]) =>
  pairs.map(([key, parentKey]) => ({ key, parentKey }));

describe("layoutLanes", () => {
  it("keeps a straight history in one lane, joined from the newest to the root", () => {
    const layout = layoutLanes(
      rows([
        ["c", "b"],
        ["b", "a"],
        ["a", null],
      ]),
    );
    expect(layout.laneCount).toBe(1);
    expect(layout.rows.map((row) => [row.lane, row.up, row.down])).toEqual([
      [0, false, true],
      [0, true, true],
      [0, true, false],
    ]);
  });

  it("opens a lane for a fork and draws it from its fork point, through the rows between", () => {
    // a ← b ← c (original), b ← d ← e (fork from b, newer than c)
    const layout = layoutLanes(
      rows([
        ["e", "d"],
        ["d", "b"],
        ["c", "b"],
        ["b", "a"],
        ["a", null],
      ]),
    );
    expect(layout.laneCount).toBe(2);
    const [e, d, c, b, a] = layout.rows;
    expect([e?.lane, d?.lane, c?.lane, b?.lane, a?.lane]).toEqual([1, 1, 0, 0, 0]);
    expect(b?.forksUp).toEqual([1]);
    expect(c?.through).toEqual([1]);
    expect(d?.down).toBe(true);
    expect(c?.up).toBe(false);
  });

  it("continues downward when the parent is on an older page", () => {
    const layout = layoutLanes(
      rows([
        ["y", "x"],
        ["x", "older"],
      ]),
    );
    expect(layout.rows.map((row) => row.down)).toEqual([true, true]);
    expect(layout.laneCount).toBe(1);
  });
});
