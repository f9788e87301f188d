import { InvalidConfigError } from "../src/index.js";
import { parseStoreFilter } from "../src/internal.js";

describe("parseStoreFilter", () => {
  it("returns no condition for an absent filter", () => {
    expect(parseStoreFilter(undefined)).toEqual([]);
    expect(parseStoreFilter(null)).toEqual([]);
  });

  it("reads plain values as $eq and operator objects one condition per operator", () => {
    expect(
      parseStoreFilter({
        kind: "note",
        deep: { a: [1, { b: null }] },
        score: { $gte: 1, $lt: "z" },
        tag: { $in: ["a", 1], $nin: [] },
        gone: { $exists: false },
        other: { $ne: { x: 1 } },
      }),
    ).toEqual([
      ["kind", "$eq", "note"],
      ["deep", "$eq", { a: [1, { b: null }] }],
      ["score", "$gte", 1],
      ["score", "$lt", "z"],
      ["tag", "$in", ["a", 1]],
      ["tag", "$nin", []],
      ["gone", "$exists", false],
      ["other", "$ne", { x: 1 }],
    ]);
  });

  it("gives operands their JSON form", () => {
    const instant = new Date("2026-01-02T03:04:05.000Z");
    expect(parseStoreFilter({ at: instant, list: { $in: [instant] } })).toEqual([
      ["at", "$eq", "2026-01-02T03:04:05.000Z"],
      ["list", "$in", ["2026-01-02T03:04:05.000Z"]],
    ]);
  });

  it.each([
    ["x", "filter must be an object"],
    [[1], "filter must be an object"],
    [{ a: { $eq: 1, b: 2 } }, "filter mixes operators ($...) and plain fields in one object"],
    [
      { a: { $regex: "x" } },
      'filter operator "$regex" is not one of $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists',
    ],
    [{ a: { $gt: true } }, "filter comparison operands must be finite numbers or strings"],
    [{ a: { $lt: Number.NaN } }, "filter comparison operands must be finite numbers or strings"],
    [{ a: { $in: "x" } }, "filter $in and $nin take an array"],
    [{ a: { $exists: 1 } }, "filter $exists takes true or false"],
    [{ a: Number.POSITIVE_INFINITY }, "filter operands must be finite"],
    [{ a: { nested: [Number.NaN] } }, "filter operands must be finite"],
    [{ a: () => 1 }, "filter operands must be JSON values"],
    [{ a: { $eq: 1n } }, "filter operands must be JSON values"],
    [{ a: { $in: [undefined] } }, "filter operands must be JSON values"],
  ])("refuses %p: %s", (filter, message) => {
    let refusal: unknown;
    try {
      parseStoreFilter(filter);
    } catch (error) {
      refusal = error;
    }
    expect(InvalidConfigError.isInstance(refusal)).toBe(true);
    expect((refusal as InvalidConfigError).message).toBe(message);
    expect((refusal as InvalidConfigError).field).toBe("filter");
  });
});
