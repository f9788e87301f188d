import { type ObservedMetric, observeMetrics } from "@checkpointkit/core/internal";
import type { TieredMetrics } from "./tiered-metrics.js";

/** The flusher's metrics as OpenTelemetry instruments; the names are the README's. */
const TIERED_METRICS = [
  {
    name: "checkpointkit.tiered.backlog",
    description: "Outbox entries not yet in the cold tier, over all shards",
    unit: "{entry}",
    kind: "gauge",
  },
  {
    name: "checkpointkit.tiered.lag",
    description: "Age of the oldest outbox entry not yet in the cold tier",
    unit: "ms",
    kind: "gauge",
  },
  {
    name: "checkpointkit.tiered.flush_rate",
    description: "Entries flushed per second since the previous collection",
    unit: "{entry}/s",
    kind: "gauge",
  },
  {
    name: "checkpointkit.tiered.flushed_entries",
    description: "Entries this process's flusher wrote to the cold tier",
    unit: "{entry}",
    kind: "counter",
  },
  {
    name: "checkpointkit.tiered.retries",
    description: "Batch retries of this process's flusher",
    unit: "{retry}",
    kind: "counter",
  },
  {
    name: "checkpointkit.tiered.dead_letters",
    description: "Entries this process's flusher moved to the dead-letter stream",
    unit: "{entry}",
    kind: "counter",
  },
] as const satisfies readonly ObservedMetric[];

/**
 * Registers the tiered saver's flusher metrics, read through its public `metrics()` at each
 * collection (what crosses the worker-thread boundary: the counters of a flusher running in a
 * worker come back through it too). The flush rate is computed here, between two collections,
 * so it does not depend on when the application itself calls `metrics()`. Returns the
 * function that unregisters them.
 */
export function observeTieredMetrics(
  saver: { metrics(): Promise<TieredMetrics> },
  coldBackend: string,
): () => void {
  let previous: { atMs: number; flushedEntries: number } | undefined;
  return observeMetrics(
    TIERED_METRICS,
    async () => {
      const metrics = await saver.metrics();
      const atMs = Date.now();
      const elapsedSeconds = previous === undefined ? 0 : (atMs - previous.atMs) / 1000;
      const flushRate =
        previous === undefined || elapsedSeconds <= 0
          ? 0
          : (metrics.flushedEntries - previous.flushedEntries) / elapsedSeconds;
      previous = { atMs, flushedEntries: metrics.flushedEntries };
      return {
        "checkpointkit.tiered.backlog": metrics.backlog,
        "checkpointkit.tiered.lag": metrics.lagMs,
        "checkpointkit.tiered.flush_rate": Math.max(0, flushRate),
        "checkpointkit.tiered.flushed_entries": metrics.flushedEntries,
        "checkpointkit.tiered.retries": metrics.retries,
        "checkpointkit.tiered.dead_letters": metrics.deadLetters,
      };
    },
    { "checkpointkit.backend": "tiered", "checkpointkit.cold_backend": coldBackend },
  );
}
