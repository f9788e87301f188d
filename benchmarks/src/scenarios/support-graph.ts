import type { Scenario } from "./scenario.js";
import { loadSupportGraphOrNote, measureSupportGraphLevel } from "./support-graph-level.js";

export const supportGraphScenario: Scenario = {
  id: "d",
  title: "d. support graph end to end",
  measures:
    "The case_8842 support graph of examples/support-graph (billing and account in parallel, " +
    "policy, response) run to the end on 200 fresh threads, one at a time and 32 at once. " +
    "Latency is per thread, ops/s is threads per second of wall-clock time, round trips are per thread.",
  run: async (context) => {
    const example = await loadSupportGraphOrNote(context, supportGraphScenario);
    if (example === undefined) return;
    const { options } = context;
    for (const concurrency of options.supportGraphConcurrencies) {
      context.log(
        `d. support graph, ${options.supportGraphThreads} threads, concurrency ${concurrency}`,
      );
      await measureSupportGraphLevel(context, example, {
        scenario: supportGraphScenario,
        variant: `${options.supportGraphThreads} threads, concurrency ${concurrency}`,
        threads: options.supportGraphThreads,
        concurrency,
        repetitions: options.supportGraphRepetitions,
      });
    }
  },
};
