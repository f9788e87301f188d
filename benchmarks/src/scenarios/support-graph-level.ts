import { performance } from "node:perf_hooks";
import { runConcurrently } from "../measure/run-concurrently.js";
import { runInterleaved } from "./run-interleaved.js";
import type { Scenario, ScenarioContext } from "./scenario.js";
import type { Subject } from "./subject.js";
import { loadSupportGraph, type SupportGraphModule } from "./support-graph-loader.js";

export const SUPPORT_GRAPH_OPERATION = "thread end to end";

/** One concurrency level of the support graph, measured on every saver. */
export interface SupportGraphLevel {
  scenario: Pick<Scenario, "id" | "title">;
  variant: string;
  /** Threads run per repetition, each a fresh thread id. */
  threads: number;
  /** Runs in flight at once. */
  concurrency: number;
  repetitions: number;
  rowExtra?: Record<string, number | null>;
}

/**
 * Loads the example, or notes why the scenario is skipped and returns undefined: the
 * benchmark must run while examples/support-graph is still being written.
 */
export async function loadSupportGraphOrNote(
  context: ScenarioContext,
  scenario: Pick<Scenario, "id" | "title">,
): Promise<SupportGraphModule | undefined> {
  try {
    return await loadSupportGraph();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    context.log(`${scenario.title} skipped: ${reason}`);
    context.results.addNote({
      scenarioId: scenario.id,
      variant: "all",
      subjectLabel: "all savers",
      note: `skipped: ${reason}`,
    });
    return undefined;
  }
}

/**
 * Runs the graph to the end on `threads` fresh threads with `concurrency` in flight, on every
 * saver. Latency is per thread; ops/s is threads per second of wall-clock time (the runs
 * overlap, so summed latencies would undercount it). A saver too slow to start all its
 * threads within the repetition budget is measured on those it ran, with a note.
 */
export async function measureSupportGraphLevel(
  context: ScenarioContext,
  example: SupportGraphModule,
  level: SupportGraphLevel,
): Promise<void> {
  const { options } = context;
  const graphs = new Map<Subject, ReturnType<SupportGraphModule["compile"]>>();
  let runNumber = 0;
  await runInterleaved(context, {
    scenario: level.scenario,
    variant: level.variant,
    includeFloors: false,
    iterations: level.threads,
    warmupIterations: options.costlyWarmupIterations,
    repetitions: level.repetitions,
    ...(level.rowExtra === undefined ? {} : { rowExtra: level.rowExtra }),
    repetition: async (subject, timer, threads) => {
      if (subject.kind !== "saver") return;
      const graph = graphs.get(subject) ?? example.compile(subject.bench.saver);
      graphs.set(subject, graph);
      runNumber += 1;
      const roundTripsBefore = subject.counter.roundTrips;
      const start = performance.now();
      const started = await runConcurrently(
        threads,
        level.concurrency,
        async (index) => {
          const threadStart = performance.now();
          await graph.invoke(example.caseInput(), {
            configurable: {
              thread_id: `graph-${level.scenario.id}-c${level.concurrency}-r${runNumber}-${index}`,
            },
          });
          timer.record(SUPPORT_GRAPH_OPERATION, performance.now() - threadStart, 0);
        },
        start + options.supportGraphRepetitionBudgetMs,
      );
      if (started < threads) {
        context.results.addNote({
          scenarioId: level.scenario.id,
          variant: level.variant,
          subjectLabel: subject.label,
          note: `ran ${started} of ${threads} threads in one repetition: its ${options.supportGraphRepetitionBudgetMs} ms budget ran out`,
        });
      }
      timer.setWallClockMs(SUPPORT_GRAPH_OPERATION, performance.now() - start);
      timer.addRoundTrips(SUPPORT_GRAPH_OPERATION, subject.counter.roundTrips - roundTripsBefore);
    },
  });
}
