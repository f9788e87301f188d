import { performance } from "node:perf_hooks";
import { type LatencySummary, summarizeLatencies } from "./latency-summary.js";
import type { RoundTripCounter } from "./round-trip-counter.js";

/**
 * Collects the latency and round trips of named operations over one repetition, e.g. `put`,
 * `putWrites` and `getTuple` of the operation loop, plus the whole iteration.
 */
export class OperationTimer {
  private readonly latenciesMs = new Map<string, number[]>();
  private readonly roundTrips = new Map<string, number>();
  private readonly busyMs = new Map<string, number>();
  private readonly wallClockMs = new Map<string, number>();

  constructor(private readonly counter: RoundTripCounter) {}

  /** Runs `operation`, recording its latency and the round trips it made under `name`. */
  async time<T>(name: string, operation: () => Promise<T>): Promise<T> {
    const roundTripsBefore = this.counter.roundTrips;
    const start = performance.now();
    const result = await operation();
    const latencyMs = performance.now() - start;
    this.record(name, latencyMs, this.counter.roundTrips - roundTripsBefore);
    return result;
  }

  record(name: string, latencyMs: number, roundTrips: number): void {
    const latencies = this.latenciesMs.get(name) ?? [];
    latencies.push(latencyMs);
    this.latenciesMs.set(name, latencies);
    this.addRoundTrips(name, roundTrips);
    this.busyMs.set(name, (this.busyMs.get(name) ?? 0) + latencyMs);
  }

  /** Adds round trips without a latency sample: concurrent operations are counted in total. */
  addRoundTrips(name: string, roundTrips: number): void {
    this.roundTrips.set(name, (this.roundTrips.get(name) ?? 0) + roundTrips);
  }

  /**
   * Makes ops/s of `name` count over this wall-clock time instead of the summed latencies:
   * right for operations that ran concurrently, whose latencies overlap.
   */
  setWallClockMs(name: string, elapsedMs: number): void {
    this.wallClockMs.set(name, elapsedMs);
  }

  /**
   * One summary per operation. Unless a wall-clock time was set, ops/s of an operation is
   * measured over the time spent in it, so `put` ops/s is not diluted by the `getTuple`
   * calls between puts.
   */
  summaries(): Map<string, LatencySummary> {
    const result = new Map<string, LatencySummary>();
    for (const [name, latencies] of this.latenciesMs) {
      const elapsedMs = this.wallClockMs.get(name) ?? this.busyMs.get(name) ?? 0;
      result.set(name, summarizeLatencies(latencies, elapsedMs, this.roundTrips.get(name) ?? 0));
    }
    return result;
  }
}
