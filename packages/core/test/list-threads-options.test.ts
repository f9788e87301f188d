import {
  DEFAULT_THREAD_LIST_LIMIT,
  InvalidConfigError,
  invalidThreadCursor,
  MAX_THREAD_LIST_LIMIT,
  readListThreadsOptions,
} from "../src/index.js";

/** The error `readListThreadsOptions` throws for `options`, or a failure when it accepts them. */
function refusalOf(options: unknown): unknown {
  try {
    readListThreadsOptions(options);
  } catch (error) {
    return error;
  }
  throw new Error(`readListThreadsOptions accepted ${String(options)}`);
}

describe("readListThreadsOptions", () => {
  it("without options, or with empty ones, lists the first page of every thread", () => {
    const defaults = { limit: DEFAULT_THREAD_LIST_LIMIT, threadIdPrefix: "", cursor: undefined };
    expect(readListThreadsOptions(undefined)).toEqual(defaults);
    expect(readListThreadsOptions({})).toEqual(defaults);
    expect(
      readListThreadsOptions({ limit: undefined, threadIdPrefix: undefined, cursor: undefined }),
    ).toEqual(defaults);
  });

  it("keeps valid options as given, limits 1 and the maximum included", () => {
    expect(readListThreadsOptions({ limit: 1, threadIdPrefix: "case_%*", cursor: "abc" })).toEqual({
      limit: 1,
      threadIdPrefix: "case_%*",
      cursor: "abc",
    });
    expect(readListThreadsOptions({ limit: MAX_THREAD_LIST_LIMIT }).limit).toBe(1000);
    expect(readListThreadsOptions({ threadIdPrefix: "a\u0000é😀" }).threadIdPrefix).toBe(
      "a\u0000é😀",
    );
  });

  const refused: ReadonlyArray<readonly [string, unknown, string]> = [
    ["options null", null, "options"],
    ["options as text", "limit=10", "options"],
    ["options as a number", 10, "options"],
    ["options as an array", [10], "options"],
    ["options as a function", () => 10, "options"],
    ["limit 0", { limit: 0 }, "limit"],
    ["limit over the maximum", { limit: MAX_THREAD_LIST_LIMIT + 1 }, "limit"],
    ["a negative limit", { limit: -1 }, "limit"],
    ["a fractional limit", { limit: 1.5 }, "limit"],
    ["limit NaN", { limit: Number.NaN }, "limit"],
    ["limit Infinity", { limit: Number.POSITIVE_INFINITY }, "limit"],
    ["limit as text", { limit: "10" }, "limit"],
    ["limit null", { limit: null }, "limit"],
    ["limit as a bigint", { limit: 10n }, "limit"],
    ["threadIdPrefix as a number", { threadIdPrefix: 5 }, "threadIdPrefix"],
    ["threadIdPrefix null", { threadIdPrefix: null }, "threadIdPrefix"],
    ["threadIdPrefix with a lone surrogate", { threadIdPrefix: "a\uD800" }, "threadIdPrefix"],
    ["cursor as a number", { cursor: 42 }, "cursor"],
    ["cursor null", { cursor: null }, "cursor"],
    ["an empty cursor", { cursor: "" }, "cursor"],
    ["a cursor longer than any saver makes", { cursor: "A".repeat(8_193) }, "cursor"],
    ["a cursor with a lone surrogate", { cursor: "a\uDC00" }, "cursor"],
  ];

  it.each(refused)("refuses %s with InvalidConfigError naming the field", (_, options, field) => {
    const error = refusalOf(options);
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect((error as InvalidConfigError).field).toBe(field);
  });

  it("says what was wrong, without echoing a cursor", () => {
    expect((refusalOf({ limit: 0 }) as Error).message).toContain("1 to 1000, got 0");
    expect((refusalOf([]) as Error).message).toContain("got an array");
    const cursor = "secret-looking-cursor".repeat(500);
    expect((refusalOf({ cursor }) as Error).message).not.toContain("secret-looking-cursor");
  });
});

describe("invalidThreadCursor", () => {
  it("is an InvalidConfigError naming the cursor field", () => {
    const error = invalidThreadCursor();
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect(error.field).toBe("cursor");
    expect(error.message).toBe("listThreads cursor is not one this saver returned");
  });
});
