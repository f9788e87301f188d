/** The figures one repetition of one operation yields. */
export interface LatencySummary {
  p50Ms: number;
  p99Ms: number;
  /** Operations completed per second of wall-clock time over the repetition. */
  opsPerSecond: number;
  /** Round trips counted during the repetition divided by the operations it ran. */
  roundTripsPerOp: number;
}

/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(ascending: readonly number[], p: number): number {
  if (ascending.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * ascending.length);
  return ascending[Math.min(ascending.length, Math.max(1, rank)) - 1]!;
}

export function summarizeLatencies(
  latenciesMs: readonly number[],
  elapsedMs: number,
  roundTrips: number,
): LatencySummary {
  const ascending = [...latenciesMs].sort((a, b) => a - b);
  const operations = latenciesMs.length;
  return {
    p50Ms: percentile(ascending, 50),
    p99Ms: percentile(ascending, 99),
    opsPerSecond: elapsedMs > 0 ? (operations * 1000) / elapsedMs : Number.NaN,
    roundTripsPerOp: operations > 0 ? roundTrips / operations : Number.NaN,
  };
}

export function median(values: readonly number[]): number {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const middle = Math.floor(finite.length / 2);
  return finite.length % 2 === 1 ? finite[middle]! : (finite[middle - 1]! + finite[middle]!) / 2;
}

/** Each figure is the median of that figure over the repetitions (not the figures of one median run). */
export function medianOfRepetitions(repetitions: readonly LatencySummary[]): LatencySummary {
  return {
    p50Ms: median(repetitions.map((summary) => summary.p50Ms)),
    p99Ms: median(repetitions.map((summary) => summary.p99Ms)),
    opsPerSecond: median(repetitions.map((summary) => summary.opsPerSecond)),
    roundTripsPerOp: median(repetitions.map((summary) => summary.roundTripsPerOp)),
  };
}
