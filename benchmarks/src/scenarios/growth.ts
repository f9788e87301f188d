import { forEachSaverAlone } from "./each-saver-alone.js";
import { measureManyThreads } from "./growth-many-threads.js";
import { measureOneThreadGrowth } from "./growth-one-thread.js";
import type { Scenario } from "./scenario.js";

export const growthScenario: Scenario = {
  id: "growth",
  title: "growth: latency as the store grows",
  measures:
    "`put` and latest `getTuple` p50 in one thread holding 1,000, 10,000 and 100,000 checkpoints " +
    "(1 KB state). The thread is filled with concurrent puts (16 in flight, not timed) up to each " +
    "size, then 50 of each operation are timed one at a time (fewer past 10 s; see samples); a saver that does not reach a size " +
    "within its fill budget (60 s per saver) gets a note naming the sizes it skipped. Then, on " +
    "fresh storage of 1,000 threads × 10 checkpoints: the global `list` first page (`limit: 20`, " +
    "no thread_id: the newest checkpoints of every thread) and one `prune({ keepLatest: 1 })` " +
    "over all threads, on the savers that have `prune` (the tiered saver prunes both tiers). " +
    "The tiered saver's backlog is flushed, untimed, before each sample. A saver whose latency stays flat as its thread grows reads and writes " +
    "through an index; one that climbs scans. Each saver runs alone, one after the other.",
  run: async (context) => {
    const { options } = context;
    // One pass after the other, so the report lists every thread size before the many-thread store.
    const passes = [
      {
        label: "growth, one thread",
        budgetMs: options.growthFillBudgetMs,
        measure: measureOneThreadGrowth,
      },
      {
        label: "growth, many threads",
        budgetMs: options.growthManyThreadsFillBudgetMs,
        measure: measureManyThreads,
      },
    ];
    for (const pass of passes) {
      await forEachSaverAlone(
        context,
        growthScenario,
        pass.budgetMs + options.cellTimeoutMs,
        (prepared) => pass.measure(context, growthScenario, prepared),
        pass.label,
      );
    }
  },
};
