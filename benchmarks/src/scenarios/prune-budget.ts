/** One measured `prune` over every thread of a store. */
export interface MeasuredPrune {
  threads: number;
  pruneMs: number;
}

/**
 * Why `prune` is not run over `threads` threads, or undefined when it is. Prune is one call
 * that cannot be cut short, so the decision is made before it: the previous size's prune time,
 * scaled linearly to this size (prune visits every thread), must fit the budget. A saver that
 * scales worse than linearly may still overrun it once, by at most one step of the curve.
 */
export function pruneSkipReason(
  previous: MeasuredPrune | undefined,
  threads: number,
  budgetMs: number,
): string | undefined {
  if (previous === undefined) return undefined;
  const projectedMs = (previous.pruneMs * threads) / previous.threads;
  if (projectedMs <= budgetMs) return undefined;
  return (
    `prune skipped for time: ${Math.round(previous.pruneMs)} ms at ${previous.threads} threads, scaled to ` +
    `${threads} threads, is ${Math.round(projectedMs / 1000)} s, past the ${budgetMs} ms prune budget`
  );
}
