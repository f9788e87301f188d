import { InvalidConfigError } from "../src/index.js";
import { resolvePruneOptions } from "../src/internal.js";

/** Every saver reads `prune(options?)` through this; the savers' conformance runs the rest. */
describe("resolvePruneOptions", () => {
  const NOW_MS = 1_800_000_000_000;

  it("keeps the criteria given, reading a number thread id as its decimal string", () => {
    expect(resolvePruneOptions({ threadId: 42 as unknown as string, keepLatest: 3 }, 60)).toEqual({
      threadId: "42",
      keepLatest: 3,
    });
  });

  it("without criteria, prunes what is older than the saver's ttlSeconds", () => {
    expect(resolvePruneOptions(undefined, 60, NOW_MS)).toEqual({
      threadId: undefined,
      olderThan: NOW_MS - 60_000,
    });
    expect(resolvePruneOptions({ threadId: "t" }, 60, NOW_MS)).toEqual({
      threadId: "t",
      olderThan: NOW_MS - 60_000,
    });
  });

  it("without criteria and without ttlSeconds, refuses naming keepLatest", () => {
    for (const options of [undefined, {}, { threadId: "t" }]) {
      expect(() => resolvePruneOptions(options, undefined)).toThrow(
        expect.objectContaining({ name: "InvalidConfigError", field: "keepLatest" }),
      );
    }
  });

  it("refuses an argument that is not an object, and a thread id that is not one", () => {
    for (const options of [null, "t", 5]) {
      expect(() => resolvePruneOptions(options as never, 60)).toThrow(InvalidConfigError);
    }
    expect(() => resolvePruneOptions({ threadId: null as never, keepLatest: 1 }, 60)).toThrow(
      expect.objectContaining({ field: "threadId" }),
    );
    expect(() => resolvePruneOptions({ keepLatest: 0 }, 60)).toThrow(
      expect.objectContaining({ field: "keepLatest" }),
    );
  });
});
