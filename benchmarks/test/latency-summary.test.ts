import {
  median,
  medianOfRepetitions,
  percentile,
  summarizeLatencies,
} from "../src/measure/latency-summary.js";

describe("percentile", () => {
  it("uses the nearest rank, so p99 of 100 samples is the 99th smallest", () => {
    const ascending = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(ascending, 50)).toBe(50);
    expect(percentile(ascending, 99)).toBe(99);
    expect(percentile(ascending, 100)).toBe(100);
  });

  it("returns the only sample for any percentile of one sample", () => {
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
  });

  it("is NaN without samples, never a made-up zero", () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("summarizeLatencies", () => {
  it("divides operations by elapsed time and round trips by operations", () => {
    const summary = summarizeLatencies([4, 1, 3, 2], 200, 8);
    expect(summary.p50Ms).toBe(2);
    expect(summary.p99Ms).toBe(4);
    expect(summary.opsPerSecond).toBe(20);
    expect(summary.roundTripsPerOp).toBe(2);
  });
});

describe("median", () => {
  it("averages the middle pair of an even count and ignores non-finite values", () => {
    expect(median([5, 1, 3, 100])).toBe(4);
    expect(median([Number.NaN, 2, 9, 4])).toBe(4);
    expect(median([])).toBeNaN();
  });

  it("takes each figure's median across repetitions separately", () => {
    const figures = medianOfRepetitions([
      { p50Ms: 1, p99Ms: 30, opsPerSecond: 100, roundTripsPerOp: 1 },
      { p50Ms: 2, p99Ms: 10, opsPerSecond: 300, roundTripsPerOp: 1 },
      { p50Ms: 9, p99Ms: 20, opsPerSecond: 200, roundTripsPerOp: 3 },
    ]);
    expect(figures).toEqual({ p50Ms: 2, p99Ms: 20, opsPerSecond: 200, roundTripsPerOp: 1 });
  });
});
