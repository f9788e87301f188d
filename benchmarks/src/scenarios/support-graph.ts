import { performance } from "node:perf_hooks";
import { runConcurrently } from "../measure/run-concurrently.js";
import { runInterleaved } from "./run-interleaved.js";
import type { Scenario } from "./scenario.js";
import type { Subject } from "./subject.js";
import { loadSupportGraph, type SupportGraphModule } from "./support-graph-loader.js";

const OPERATION = "thread end to end";

export const supportGraphScenario: Scenario = {
  id: "d",
  title: "d. support graph end to end",
  measures:
    "The case_8842 support graph of examples/support-graph (billing and account in parallel, " +
    "policy, response) run to the end on 200 fresh threads, one at a time and 32 at once. " +
    "Latency is per thread, ops/s is threads per second of wall-clock time, round trips are per thread.",
  run: async (context) => {
    let example: SupportGraphModule;
    try {
      example = await loadSupportGraph();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      context.log(`d. support graph skipped: ${reason}`);
      context.results.addNote({
        scenarioId: "d",
        variant: "all",
        subjectLabel: "all savers",
        note: `skipped: ${reason}`,
      });
      return;
    }
    const { options } = context;
    for (const concurrency of options.supportGraphConcurrencies) {
      context.log(
        `d. support graph, ${options.supportGraphThreads} threads, concurrency ${concurrency}`,
      );
      const graphs = new Map<Subject, ReturnType<SupportGraphModule["compile"]>>();
      let runNumber = 0;
      await runInterleaved(context, {
        scenario: supportGraphScenario,
        variant: `${options.supportGraphThreads} threads, concurrency ${concurrency}`,
        includeFloors: false,
        iterations: options.supportGraphThreads,
        warmupIterations: options.costlyWarmupIterations,
        repetitions: options.supportGraphRepetitions,
        repetition: async (subject, timer, threads) => {
          if (subject.kind !== "saver") return;
          const graph = graphs.get(subject) ?? example.compile(subject.bench.saver);
          graphs.set(subject, graph);
          runNumber += 1;
          const roundTripsBefore = subject.counter.roundTrips;
          const start = performance.now();
          const started = await runConcurrently(
            threads,
            concurrency,
            async (index) => {
              const threadStart = performance.now();
              await graph.invoke(example.caseInput(), {
                configurable: { thread_id: `graph-c${concurrency}-r${runNumber}-${index}` },
              });
              timer.record(OPERATION, performance.now() - threadStart, 0);
            },
            start + options.supportGraphRepetitionBudgetMs,
          );
          if (started < threads) {
            context.results.addNote({
              scenarioId: supportGraphScenario.id,
              variant: `${options.supportGraphThreads} threads, concurrency ${concurrency}`,
              subjectLabel: subject.label,
              note: `ran ${started} of ${threads} threads in one repetition: its ${options.supportGraphRepetitionBudgetMs} ms budget ran out`,
            });
          }
          timer.setWallClockMs(OPERATION, performance.now() - start);
          timer.addRoundTrips(OPERATION, subject.counter.roundTrips - roundTripsBefore);
        },
      });
    }
  },
};
