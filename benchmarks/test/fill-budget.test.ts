import {
  FILL_OVERRUN_FRACTION,
  FillBudget,
  projectedFillMs,
} from "../src/scenarios/fill-budget.js";

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("projectedFillMs", () => {
  it("scales the time of the puts so far to the puts wanted", () => {
    expect(projectedFillMs(1000, 2000, 9000)).toBe(18_000);
    expect(projectedFillMs(0, 0, 9000)).toBeNull();
  });
});

describe("FillBudget", () => {
  it("lets the first fill start whatever its size: there is no rate to project yet", () => {
    const budget = new FillBudget(1, 4);
    expect(budget.outOfReach(1_000_000)).toBeUndefined();
    expect(budget.putsPerSecond).toBeNull();
  });

  it("runs every put that fits, counts only fill time, and gives up a size the rate cannot reach", async () => {
    const budget = new FillBudget(10_000, 4);
    const started: number[] = [];
    const { written, elapsedMs } = await budget.fill(20, async (index) => {
      started.push(index);
      await pause(5);
    });
    expect(written).toBe(20);
    expect(started.sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    expect(budget.remainingMs).toBeCloseTo(10_000 - elapsedMs, 5);
    // 20 puts took at least 25 ms (5 rounds of 4 in flight): a million more need far past 10 s.
    expect(budget.outOfReach(1_000_000)).toMatch(
      /puts\/s of the last fill, 1000000 more puts would take \d+ s, past the \d+ s left of the 10000 ms fill budget/,
    );
    expect(budget.outOfReach(20)).toBeUndefined();
  });

  it("projects from the last fill, not from a slow first one that also paid for connecting", async () => {
    const budget = new FillBudget(10_000, 1);
    await budget.fill(1, () => pause(300));
    expect(budget.outOfReach(100)).toMatch(/would take \d+ s, past/);
    await budget.fill(10, async () => {});
    expect(budget.outOfReach(100)).toBeUndefined();
    // A fill with nothing to write leaves the rate as it was.
    await budget.fill(0, async () => {});
    expect(budget.outOfReach(100)).toBeUndefined();
  });

  it("stops starting puts once the budget and its allowed overrun are spent", async () => {
    const budget = new FillBudget(100, 1);
    const { written, elapsedMs } = await budget.fill(1000, () => pause(10));
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(1000);
    // The last put started before the stop time and may end up to one put later.
    expect(elapsedMs).toBeGreaterThanOrEqual(100 * (1 + FILL_OVERRUN_FRACTION));
    expect(budget.remainingMs).toBe(0);
    expect(budget.outOfReach(1)).toMatch(/past the 0 s left/);
  });
});
