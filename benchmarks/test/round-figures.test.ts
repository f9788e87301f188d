import { roundFigures } from "../src/measure/round-figures.js";

const round = (stepMs: number[], roundTrips = stepMs.map(() => 3), cpuMs = stepMs.length) => ({
  stepMs,
  roundTrips,
  cpuMs,
});

describe("roundFigures", () => {
  it("divides each round's p50 by the baseline's p50 of the same round, then takes the median", () => {
    // A burst of load in round 2 doubles both: the paired ratio stays 1.1, a ratio of
    // medians over unpaired rounds would not see that.
    const baseline = [round([1, 1, 1]), round([2, 2, 2]), round([1, 1, 1])];
    const variant = [round([1.1, 1.1, 1.1]), round([2.2, 2.2, 2.2]), round([1.1, 1.1, 1.1])];
    const figures = roundFigures(variant, baseline);
    expect(figures.rounds).toBe(3);
    expect(figures.p50Ms).toBeCloseTo(1.1);
    expect(figures.p50MinMs).toBeCloseTo(1.1);
    expect(figures.p50MaxMs).toBeCloseTo(2.2);
    expect(figures.ratio).toBeCloseTo(1.1);
    expect(figures.ratioMin).toBeCloseTo(1.1);
    expect(figures.ratioMax).toBeCloseTo(1.1);
  });

  it("reports the spread of the per-round ratios and an exact round-trip count per step", () => {
    const baseline = [round([1]), round([1]), round([1])];
    const variant = [round([0.9], [3]), round([1.2], [3]), round([1.05], [4])];
    const figures = roundFigures(variant, baseline);
    expect(figures.ratio).toBeCloseTo(1.05);
    expect(figures.ratioMin).toBeCloseTo(0.9);
    expect(figures.ratioMax).toBeCloseTo(1.2);
    expect(figures.roundTripsPerStep).toBeCloseTo(10 / 3);
  });

  it("divides the client's CPU per step by the baseline's of the same round", () => {
    const baseline = [round([1, 1], [3, 3], 1), round([1, 1], [3, 3], 4)];
    const variant = [round([1, 1], [3, 3], 1.2), round([1, 1], [3, 3], 4.8)];
    const figures = roundFigures(variant, baseline);
    expect(figures.cpuPerStepMs).toBeCloseTo((0.6 + 2.4) / 2);
    expect(figures.cpuRatio).toBeCloseTo(1.2);
  });

  it("pairs rounds by index and leaves out a round only one side completed", () => {
    const baseline = [round([1]), round([1])];
    const variant = [round([2]), round([2]), round([100], [9])];
    const figures = roundFigures(variant, baseline);
    expect(figures.rounds).toBe(2);
    expect(figures.p50MaxMs).toBe(2);
    expect(figures.roundTripsPerStep).toBe(3);
  });

  it("gives NaN, not a crash, when no round completed", () => {
    const figures = roundFigures([], [round([1])]);
    expect(figures.rounds).toBe(0);
    expect(figures.p50Ms).toBeNaN();
    expect(figures.ratioMin).toBeNaN();
    expect(figures.roundTripsPerStep).toBeNaN();
    expect(figures.cpuRatio).toBeNaN();
  });
});
