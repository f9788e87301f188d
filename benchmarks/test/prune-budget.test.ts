import { pruneSkipReason } from "../src/scenarios/prune-budget.js";

describe("pruneSkipReason", () => {
  it("runs the first prune: nothing to project from", () => {
    expect(pruneSkipReason(undefined, 100_000, 1)).toBeUndefined();
  });

  it("runs a prune whose linear projection fits the budget, exactly at it included", () => {
    expect(pruneSkipReason({ threads: 1000, pruneMs: 400 }, 10_000, 120_000)).toBeUndefined();
    expect(pruneSkipReason({ threads: 10_000, pruneMs: 12_000 }, 100_000, 120_000)).toBeUndefined();
  });

  it("skips one projected past the budget and says from what", () => {
    expect(pruneSkipReason({ threads: 10_000, pruneMs: 12_001 }, 100_000, 120_000)).toBe(
      "prune skipped for time: 12001 ms at 10000 threads, scaled to 100000 threads, is 120 s, past the 120000 ms prune budget",
    );
    expect(pruneSkipReason({ threads: 1000, pruneMs: 8422 }, 100_000, 120_000)).toMatch(
      /is 842 s, past/,
    );
  });
});
