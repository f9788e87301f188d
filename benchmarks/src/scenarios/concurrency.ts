import { IN_FLIGHT_RUNS } from "../report/bench-charts.js";
import type { Scenario } from "./scenario.js";
import { loadSupportGraphOrNote, measureSupportGraphLevel } from "./support-graph-level.js";

export const concurrencyScenario: Scenario = {
  id: "concurrency",
  title: "concurrency: support graph throughput vs runs in flight",
  measures:
    "The case_8842 support graph run to the end on fresh threads with 1, 16 and 64 runs in " +
    "flight (each run its own thread; 192 threads per level, at least as many as are in flight). " +
    "ops/s is threads finished per second of wall-clock time: a saver that scales keeps climbing " +
    "with the level, one that serializes (a single connection, a lock) flattens out. Latency is " +
    "per thread and grows with the queue. The chart plots threads/s against runs in flight.",
  run: async (context) => {
    const example = await loadSupportGraphOrNote(context, concurrencyScenario);
    if (example === undefined) return;
    const { options } = context;
    for (const concurrency of options.concurrencyLevels) {
      if (Date.now() > context.deadlineMs) {
        context.results.addNote({
          scenarioId: concurrencyScenario.id,
          variant: `${concurrency} in flight`,
          subjectLabel: "all savers",
          note: "skipped: run deadline reached",
        });
        continue;
      }
      // Fewer threads than runs in flight would never reach the level.
      const threads = Math.max(options.concurrencyThreadsPerLevel, concurrency);
      context.log(`concurrency: support graph, ${threads} threads, ${concurrency} in flight`);
      await measureSupportGraphLevel(context, example, {
        scenario: concurrencyScenario,
        variant: `${concurrency} in flight (${threads} threads)`,
        threads,
        concurrency,
        repetitions: options.concurrencyRepetitions,
        rowExtra: { [IN_FLIGHT_RUNS]: concurrency },
      });
    }
  },
};
