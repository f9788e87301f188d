import { performance } from "node:perf_hooks";
import { ThreadCheckpoints } from "../fixtures/checkpoint-builder.js";
import { serializeForFloor } from "../fixtures/serialized.js";
import { STATE_SIZES } from "../fixtures/state-sizes.js";
import { withTimeout } from "../measure/deadline.js";
import { percentile } from "../measure/latency-summary.js";
import { runConcurrently } from "../measure/run-concurrently.js";
import { finiteOrNull } from "../report/result-row.js";
import type { BenchSaver } from "../savers/saver-plugin.js";
import { runInterleaved } from "./run-interleaved.js";
import type { PreparedSaver, Scenario, ScenarioContext } from "./scenario.js";

const LAG_SAMPLE_INTERVAL_MS = 100;
/** Puts allowed in flight during the steady phase before the schedule waits (it never queues unboundedly). */
const MAX_IN_FLIGHT = 64;
const BURST_CONCURRENCY = 16;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isTiered(prepared: PreparedSaver): boolean {
  return prepared.plugin.id.includes("tiered");
}

/** Flush throughput: a burst of puts, then `flush()`; checkpoints per second until all are cold. */
async function flushThroughput(
  context: ScenarioContext,
  prepared: PreparedSaver,
  bench: BenchSaver,
) {
  const hooks = bench.tiered!;
  const count = context.options.tieredFlushCheckpoints;
  const channelValues = STATE_SIZES[0]!.channelValues();
  const threads = Array.from(
    { length: BURST_CONCURRENCY },
    (_, index) => new ThreadCheckpoints(`flush-${index}`),
  );
  const flusherRoundTripsBefore = hooks.flusherRoundTrips();
  const start = performance.now();
  await runConcurrently(count, BURST_CONCURRENCY, async (index) => {
    const step = threads[index % threads.length]!.next(channelValues);
    await bench.saver.put(step.config, step.checkpoint, step.metadata, step.newVersions);
  });
  const acknowledgedMs = performance.now() - start;
  await hooks.flush();
  const flushedMs = performance.now() - start;
  context.results.addRow({
    scenarioId: tieredScenario.id,
    scenario: tieredScenario.title,
    variant: `flush of ${count} checkpoints`,
    operation: "flush",
    subjectId: prepared.plugin.id,
    subjectLabel: prepared.plugin.label,
    subjectKind: "saver",
    floorBackend: prepared.plugin.floorBackend,
    p50Ms: null,
    p99Ms: null,
    opsPerSecond: finiteOrNull((count * 1000) / flushedMs),
    roundTripsPerOp: null,
    extra: {
      acknowledgedPerSecond: finiteOrNull((count * 1000) / acknowledgedMs),
      drainAfterBurstMs: flushedMs - acknowledgedMs,
      flusherRoundTripsPerCheckpoint:
        flusherRoundTripsBefore === undefined
          ? null
          : ((hooks.flusherRoundTrips() ?? Number.NaN) - flusherRoundTripsBefore) / count,
    },
  });
}

/**
 * Flush lag: puts on a fixed schedule at the steady rate, spread over many threads, while
 * the saver's lag is sampled. If puts fall behind the schedule (at most MAX_IN_FLIGHT in
 * flight), the rate achieved is what ops/s reports.
 */
async function steadyLag(context: ScenarioContext, prepared: PreparedSaver, bench: BenchSaver) {
  const hooks = bench.tiered!;
  const { tieredSteadyPutsPerSecond: rate, tieredSteadyDurationMs: durationMs } = context.options;
  const channelValues = STATE_SIZES[0]!.channelValues();
  // Many conversations at once, as a service sees them: one graph thread never has two steps in flight.
  const threads = Array.from(
    { length: MAX_IN_FLIGHT },
    (_, index) => new ThreadCheckpoints(`steady-${index}`),
  );
  const intervalMs = 1000 / rate;
  const lagSamplesMs: number[] = [];
  let maxBacklog = 0;
  let issued = 0;
  let inFlight = 0;
  const pending = new Set<Promise<unknown>>();
  const start = performance.now();
  let nextSampleAt = start;
  while (performance.now() - start < durationMs) {
    const now = performance.now();
    const due = Math.floor((now - start) / intervalMs) + 1;
    while (issued < due && inFlight < MAX_IN_FLIGHT) {
      const step = threads[issued % threads.length]!.next(channelValues);
      inFlight += 1;
      issued += 1;
      const put = bench.saver
        .put(step.config, step.checkpoint, step.metadata, step.newVersions)
        .finally(() => {
          inFlight -= 1;
          pending.delete(put);
        });
      pending.add(put);
    }
    if (now >= nextSampleAt) {
      nextSampleAt = now + LAG_SAMPLE_INTERVAL_MS;
      lagSamplesMs.push(await hooks.flushLagMs());
      maxBacklog = Math.max(maxBacklog, await hooks.backlog());
    }
    await sleep(Math.min(intervalMs, 5));
  }
  await Promise.all(pending);
  const elapsedMs = performance.now() - start;
  const drainStart = performance.now();
  await hooks.flush();
  const ascending = [...lagSamplesMs].sort((a, b) => a - b);
  context.results.addRow({
    scenarioId: tieredScenario.id,
    scenario: tieredScenario.title,
    variant: `steady ${rate} puts/s for ${durationMs} ms`,
    operation: "flush lag",
    subjectId: prepared.plugin.id,
    subjectLabel: prepared.plugin.label,
    subjectKind: "saver",
    floorBackend: prepared.plugin.floorBackend,
    p50Ms: finiteOrNull(percentile(ascending, 50)),
    p99Ms: finiteOrNull(percentile(ascending, 99)),
    opsPerSecond: finiteOrNull((issued * 1000) / elapsedMs),
    roundTripsPerOp: null,
    extra: { maxBacklog, drainAfterSteadyMs: performance.now() - drainStart },
  });
}

export const tieredScenario: Scenario = {
  id: "e",
  title: "e. tiered saver: put latency, flush throughput, flush lag",
  measures:
    "Put latency of the tiered saver next to the plain RedisSaver and the raw Redis floor (1 KB " +
    "puts on one thread, the saver's default flusher running: a worker thread); flush throughput (2,000 puts " +
    "from 16 threads, then `flush()`: checkpoints per second from the first put until all are in " +
    "the cold tier, with the flusher's own round trips per checkpoint); flush lag while puts " +
    "arrive at a steady 500/s spread over 64 threads (the saver's lag metric, the age of the " +
    "oldest unflushed entry, sampled every 100 ms: p50 and p99 are lag percentiles in ms, ops/s " +
    "the put rate achieved).",
  run: async (context) => {
    const tiered = context.savers.filter(isTiered);
    if (tiered.length === 0) {
      context.log("e. tiered skipped: no tiered saver in this run");
      context.results.addNote({
        scenarioId: "e",
        variant: "all",
        subjectLabel: "checkpointkit TieredSaver",
        note: "skipped: no tiered saver could run (see the savers list for why)",
      });
      return;
    }
    const compared = context.savers.filter(
      (prepared) => isTiered(prepared) || prepared.plugin.id === "checkpointkit-redis",
    );
    const channelValues = STATE_SIZES[0]!.channelValues();
    const threads = new Map<unknown, ThreadCheckpoints>();
    context.log("e. tiered put latency");
    await runInterleaved(
      { ...context, savers: compared },
      {
        scenario: tieredScenario,
        variant: "put latency, 1 KB",
        includeFloors: true,
        iterations: context.options.loopIterations,
        repetition: async (subject, timer, iterations) => {
          const thread = threads.get(subject) ?? new ThreadCheckpoints(`tiered-put-${subject.id}`);
          threads.set(subject, thread);
          for (let iteration = 0; iteration < iterations; iteration++) {
            const step = thread.next(channelValues);
            if (subject.kind === "floor") {
              const { floor } = subject;
              if (floor.backend !== "redis") return;
              await timer.time("put", async () =>
                floor.putCheckpoint(
                  thread.threadId,
                  await serializeForFloor([step.checkpoint, step.metadata]),
                ),
              );
            } else {
              const { saver } = subject.bench;
              await timer.time("put", () =>
                saver.put(step.config, step.checkpoint, step.metadata, step.newVersions),
              );
            }
          }
        },
      },
    );
    for (const prepared of tiered) {
      const skipReason = context.unresponsive.skipReason(prepared.plugin.id);
      if (skipReason !== undefined) {
        context.results.addNote({
          scenarioId: "e",
          variant: "flush",
          subjectLabel: prepared.plugin.label,
          note: skipReason,
        });
        continue;
      }
      context.log(`e. tiered flush, ${prepared.plugin.label}`);
      const timeoutMs = context.options.cellTimeoutMs;
      let bench: BenchSaver | undefined;
      try {
        bench = await withTimeout("tiered create", timeoutMs, prepared.factory.create());
        if (bench.tiered === undefined)
          throw new Error("the tiered plugin provides no TieredHooks");
        await withTimeout(
          "tiered flush throughput",
          timeoutMs,
          flushThroughput(context, prepared, bench),
        );
        await withTimeout("tiered steady lag", timeoutMs, steadyLag(context, prepared, bench));
      } catch (error) {
        context.unresponsive.recordFailure(prepared.plugin.id, error);
        const reason = error instanceof Error ? error.message : String(error);
        context.log(`  ${prepared.plugin.label}: ${reason}`);
        context.results.addNote({
          scenarioId: "e",
          variant: "flush",
          subjectLabel: prepared.plugin.label,
          note: reason,
        });
      } finally {
        if (bench !== undefined) {
          await withTimeout("tiered dispose", timeoutMs, bench.dispose()).catch(() => {});
        }
      }
    }
  },
};
