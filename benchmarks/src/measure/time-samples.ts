import { performance } from "node:perf_hooks";

/**
 * Runs `sample` one call at a time, up to `maxSamples` times or until `budgetMs` has passed
 * (always at least once), and returns how many ran. On a slow saver a fixed count of a slow
 * operation (a global list scanning every partition) would eat the run; a budget keeps its
 * cost bounded and the count says what the percentiles rest on.
 */
export async function timeSamples(
  maxSamples: number,
  budgetMs: number,
  sample: () => Promise<void>,
): Promise<number> {
  const stopAt = performance.now() + budgetMs;
  let count = 0;
  while (count < maxSamples && (count === 0 || performance.now() < stopAt)) {
    await sample();
    count += 1;
  }
  return count;
}
