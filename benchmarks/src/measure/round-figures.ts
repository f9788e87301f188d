import { median, percentile } from "./latency-summary.js";

/** One block of steps of one variant in one round: each step's wall time and round trips. */
export interface StepRound {
  stepMs: readonly number[];
  roundTrips: readonly number[];
  /** CPU time of the client process over the block's steps, in milliseconds. */
  cpuMs: number;
}

/** A variant's figures over interleaved rounds, next to the baseline run in the same rounds. */
export interface RoundFigures {
  /** Rounds both the variant and the baseline completed. */
  rounds: number;
  /** Median over the rounds of each round's step p50. */
  p50Ms: number;
  /** Lowest and highest round p50: how much the rounds disagree. */
  p50MinMs: number;
  p50MaxMs: number;
  /** Median over the rounds of each round's step p99. */
  p99Ms: number;
  /** Median over the rounds of the round's p50 divided by the baseline's p50 in that round. */
  ratio: number;
  ratioMin: number;
  ratioMax: number;
  /** Round trips of every timed step divided by the steps: exact, not a median. */
  roundTripsPerStep: number;
  /** Median over the rounds of the client's CPU time per step. */
  cpuPerStepMs: number;
  /** Median over the rounds of the CPU per step divided by the baseline's in that round. */
  cpuRatio: number;
}

function cpuPerStep(round: StepRound): number {
  return round.stepMs.length === 0 ? Number.NaN : round.cpuMs / round.stepMs.length;
}

function roundPercentile(round: StepRound, p: number): number {
  return percentile(
    [...round.stepMs].sort((a, b) => a - b),
    p,
  );
}

/**
 * The figures of `variant` against `baseline`, round by round: a burst of outside load hits
 * the variant and the baseline of the same round alike, so the per-round ratio cancels it and
 * its median over rounds is steadier than a ratio of two medians. Rounds are paired by index;
 * a round one side lacks (a failure cut the run short) is left out of both.
 */
export function roundFigures(
  variant: readonly StepRound[],
  baseline: readonly StepRound[],
): RoundFigures {
  const rounds = Math.min(variant.length, baseline.length);
  const paired = variant.slice(0, rounds);
  const p50s = paired.map((round) => roundPercentile(round, 50));
  const ratios = p50s.map((p50, index) => p50 / roundPercentile(baseline[index]!, 50));
  const steps = paired.reduce((sum, round) => sum + round.roundTrips.length, 0);
  const roundTrips = paired.reduce(
    (sum, round) => sum + round.roundTrips.reduce((total, count) => total + count, 0),
    0,
  );
  return {
    rounds,
    p50Ms: median(p50s),
    p50MinMs: rounds === 0 ? Number.NaN : Math.min(...p50s),
    p50MaxMs: rounds === 0 ? Number.NaN : Math.max(...p50s),
    p99Ms: median(paired.map((round) => roundPercentile(round, 99))),
    ratio: median(ratios),
    ratioMin: rounds === 0 ? Number.NaN : Math.min(...ratios),
    ratioMax: rounds === 0 ? Number.NaN : Math.max(...ratios),
    roundTripsPerStep: steps === 0 ? Number.NaN : roundTrips / steps,
    cpuPerStepMs: median(paired.map(cpuPerStep)),
    cpuRatio: median(
      paired.map((round, index) => cpuPerStep(round) / cpuPerStep(baseline[index]!)),
    ),
  };
}
