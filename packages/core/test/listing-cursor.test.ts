import { decodeListingCursor, encodeListingCursor, InvalidConfigError } from "../src/index.js";

describe("listThreads cursors", () => {
  const cursor = encodeListingCursor("t1", [1733300000000, "thread/ü 🎉 {x}"]);

  it("round-trips the saver's position exactly", () => {
    expect(decodeListingCursor("t1", cursor, 2)).toEqual([1733300000000, "thread/ü 🎉 {x}"]);
  });

  it.each([
    ["another saver's tag", () => decodeListingCursor("p1", cursor, 2)],
    ["another arity", () => decodeListingCursor("t1", cursor, 3)],
    ["a cut cursor", () => decodeListingCursor("t1", cursor.slice(0, -3), 2)],
    ["no checksum", () => decodeListingCursor("t1", cursor.split(".")[0] as string, 2)],
    ["a doubled cursor", () => decodeListingCursor("t1", cursor + cursor, 2)],
    ["garbage", () => decodeListingCursor("t1", "garbage", 2)],
    ["padding added", () => decodeListingCursor("t1", cursor.replace(".", "=."), 2)],
  ])("refuses %s with InvalidConfigError", (_name, decode) => {
    expect(decode).toThrow(expect.objectContaining({ name: "InvalidConfigError" }));
    try {
      decode();
    } catch (error) {
      expect(InvalidConfigError.isInstance(error)).toBe(true);
    }
  });

  it("refuses a cursor with any one character of its position changed", () => {
    const [body] = cursor.split(".") as [string];
    for (let index = 0; index < body.length; index += 1) {
      const changed = body[index] === "A" ? "B" : "A";
      const damaged = `${body.slice(0, index)}${changed}${cursor.slice(index + 1)}`;
      expect(() => decodeListingCursor("t1", damaged, 2)).toThrow(/cursor/);
    }
  });
});
