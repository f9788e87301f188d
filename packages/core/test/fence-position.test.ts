import { InvalidConfigError } from "../src/index.js";
import { fenceSortKey, isAfterFence, parseFencePosition } from "../src/internal.js";

describe("fence positions", () => {
  it("sort keys order positions numerically, milliseconds first, then sequence", () => {
    const inOrder = ["9-0", "9-1", "9-10", "10-0", "1700000000000-2", "18446744073709551615-0"];
    const keys = inOrder.map((position) => fenceSortKey(position, "entryId"));
    expect([...keys].sort()).toEqual(keys);
  });

  it("a position is after a fence only when strictly later; no fence lets everything through", () => {
    const fence = fenceSortKey("10-1", "fence");
    expect(isAfterFence(fenceSortKey("10-2", "entryId"), fence)).toBe(true);
    expect(isAfterFence(fenceSortKey("10-1", "entryId"), fence)).toBe(false);
    expect(isAfterFence(fenceSortKey("9-99", "entryId"), fence)).toBe(false);
    expect(isAfterFence(fenceSortKey("0-0", "entryId"), undefined)).toBe(true);
  });

  it("parses both numbers as 64-bit integers", () => {
    expect(parseFencePosition("18446744073709551615-7", "entryId")).toEqual({
      ms: 18446744073709551615n,
      seq: 7n,
    });
  });

  it.each([["1700000000000"], ["a-1"], ["-1-0"], [""], [42], [undefined], ["1-2-3"]])(
    "%p is refused with InvalidConfigError naming the field",
    (position) => {
      let caught: unknown;
      try {
        fenceSortKey(position, "entryId");
      } catch (error) {
        caught = error;
      }
      expect(InvalidConfigError.isInstance(caught)).toBe(true);
      expect((caught as InvalidConfigError).field).toBe("entryId");
    },
  );
});
