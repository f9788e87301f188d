import { requireFunction, requirePositiveInteger } from "../src/internal.js";

describe("the option checks every saver runs", () => {
  it("requirePositiveInteger: left out or a positive integer passes; anything else names the field", () => {
    for (const value of [undefined, 1, 5_000]) {
      expect(() => requirePositiveInteger(value, "listPageSize")).not.toThrow();
    }
    for (const value of [0, -1, 1.5, Number.NaN, "10", null]) {
      expect(() => requirePositiveInteger(value, "listPageSize")).toThrow(
        expect.objectContaining({
          name: "InvalidConfigError",
          field: "listPageSize",
          message: `listPageSize must be a positive integer, got ${String(value)}`,
        }),
      );
    }
  });

  it("requireFunction: left out or a function passes; anything else names the field", () => {
    expect(() => requireFunction(undefined, "onCorruptRecord")).not.toThrow();
    expect(() => requireFunction(() => {}, "onCorruptRecord")).not.toThrow();
    expect(() => requireFunction("log", "onCorruptRecord")).toThrow(
      expect.objectContaining({ field: "onCorruptRecord" }),
    );
  });
});
