import { performance } from "node:perf_hooks";
import { runConcurrently } from "../measure/run-concurrently.js";

/**
 * Milliseconds `wantedPuts` more puts would take at the rate of `putsDone` puts in `fillMs`, or
 * null when no put has been timed (no rate to project from).
 */
export function projectedFillMs(
  putsDone: number,
  fillMs: number,
  wantedPuts: number,
): number | null {
  if (putsDone === 0) return null;
  return (wantedPuts * fillMs) / putsDone;
}

/**
 * The time one saver may spend filling a growing store, counted over the fills only (not the
 * samples timed between them). A size the rate of the last fill cannot reach in the time left
 * is given up before it starts instead of after burning the rest of the budget on it: on a
 * slow backend (the in-process Cosmos server) that is minutes of a run saved. The last fill,
 * the largest so far, is the warmest: the first one also pays for connections and statement
 * preparation, which would make the projection too pessimistic.
 */
/**
 * How far past the budget a fill the projection let start may run, as a fraction of the budget:
 * on a busy machine the rate sags during a long fill, and a size missed by a few percent after
 * minutes of puts would throw those minutes away.
 */
export const FILL_OVERRUN_FRACTION = 0.2;

export class FillBudget {
  private fillMs = 0;
  private lastFill = { puts: 0, ms: 0 };

  constructor(
    readonly budgetMs: number,
    private readonly concurrency: number,
  ) {}

  get remainingMs(): number {
    return Math.max(0, this.budgetMs - this.fillMs);
  }

  /** Puts per second of the last fill that wrote any; null before the first. */
  get putsPerSecond(): number | null {
    const { puts, ms } = this.lastFill;
    return puts === 0 || ms === 0 ? null : (puts * 1000) / ms;
  }

  /** Why `wantedPuts` more puts are out of reach at the last fill's rate; undefined when they may fit. */
  outOfReach(wantedPuts: number): string | undefined {
    const projectedMs = projectedFillMs(this.lastFill.puts, this.lastFill.ms, wantedPuts);
    if (projectedMs === null || projectedMs <= this.remainingMs) return undefined;
    return (
      `at the ${Math.round(this.putsPerSecond ?? 0)} puts/s of the last fill, ${wantedPuts} more puts ` +
      `would take ${Math.round(projectedMs / 1000)} s, past the ${Math.round(this.remainingMs / 1000)} s ` +
      `left of the ${this.budgetMs} ms fill budget`
    );
  }

  /**
   * Runs `put(0..count-1)`, `concurrency` in flight, until all ran or the budget (plus the
   * allowed overrun) is spent; resolves to how many ran and how long that took.
   */
  async fill(
    count: number,
    put: (index: number) => Promise<void>,
  ): Promise<{ written: number; elapsedMs: number }> {
    const start = performance.now();
    const stopAt = start + this.remainingMs + FILL_OVERRUN_FRACTION * this.budgetMs;
    const written = await runConcurrently(count, this.concurrency, put, stopAt);
    const elapsedMs = performance.now() - start;
    this.fillMs += elapsedMs;
    if (written > 0) this.lastFill = { puts: written, ms: elapsedMs };
    return { written, elapsedMs };
  }
}
