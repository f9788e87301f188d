import { markdownTable } from "../src/report/markdown-table.js";

describe("markdownTable", () => {
  it("pads every column to its widest cell and escapes pipes inside cells", () => {
    expect(
      markdownTable(
        ["saver", "p50"],
        [
          ["a|b", "1.5"],
          ["longer name", "12"],
        ],
      ),
    ).toEqual([
      "| saver       | p50 |",
      "| ----------- | --- |",
      "| a\\|b        | 1.5 |",
      "| longer name | 12  |",
    ]);
  });
});
