import { type FlusherCounters, zeroCounters } from "./flusher-events.js";
import type { OutboxStats } from "./outbox-stats.js";

/** `metrics()`: how far the cold tier is behind, and what the in-process flusher did. */
export interface TieredMetrics extends OutboxStats, FlusherCounters {
  /** Entries flushed per second since the previous `metrics()` call (in-process flusher). */
  flushRatePerSecond: number;
}

/** Turns outbox statistics and flusher counters into metrics, the rate since the last call. */
export class FlushRate {
  #sample = { at: Date.now(), flushed: 0 };

  metrics(stats: OutboxStats, counters: FlusherCounters | undefined): TieredMetrics {
    const current = counters ?? zeroCounters();
    const now = Date.now();
    const elapsedSeconds = Math.max(0.001, (now - this.#sample.at) / 1000);
    const flushRatePerSecond = (current.flushedEntries - this.#sample.flushed) / elapsedSeconds;
    this.#sample = { at: now, flushed: current.flushedEntries };
    return { ...stats, ...current, flushRatePerSecond };
  }
}
