import { forEachSaverAlone } from "./each-saver-alone.js";
import { FILL_OVERRUN_FRACTION } from "./fill-budget.js";
import { measureManyThreads } from "./growth-many-threads.js";
import { measureOneThreadGrowth } from "./growth-one-thread.js";
import type { Scenario } from "./scenario.js";

export const growthScenario: Scenario = {
  id: "growth",
  title: "growth: latency as the store grows",
  measures:
    "`put` and latest `getTuple` p50 in one thread holding 1,000, 10,000 and 100,000 checkpoints " +
    "(1 KB state). The thread is filled with concurrent puts (16 in flight, not timed) up to each " +
    "size, then 50 of each operation are timed one at a time (fewer past 10 s; see samples). Then, " +
    "on fresh storage grown to 1,000, 10,000 and 100,000 threads: at each size every thread is " +
    "brought to 2 checkpoints (the new threads, plus one more in each thread the previous prune cut " +
    "back), the global `list` first page (`limit: 20`, no thread_id: the newest checkpoints of every " +
    "thread) is timed, then one `prune({ keepLatest: 1 })` over all threads, on the savers that have " +
    "`prune` (the tiered saver prunes both tiers): it visits every thread of the store and deletes " +
    "one checkpoint of each, so `deletedCheckpoints` equals the thread count and the chart plots its " +
    "time per thread. Filling has a budget per saver and part (150 s of puts); a size the rate of the last fill " +
    "cannot reach in what is left of it, or that the fill does not reach (a started fill may " +
    "overrun the budget by a fifth), is skipped with a " +
    "note, as is a prune whose previous size's time (before the first size: a calibration prune " +
    "over a tenth of its threads, not reported), scaled linearly to this size, exceeds 120 s. " +
    "`fillPutsPerSecond` is the rate of the fill that led to the row's size. The tiered saver's " +
    "backlog is flushed, untimed, before each sample. A saver whose latency stays flat as its " +
    "store grows reads and writes through an index; one that climbs scans. Each saver runs alone, " +
    "one after the other.",
  run: async (context) => {
    const { options } = context;
    const samplingMs = 2 * options.growthSampleBudgetMs;
    // One pass after the other, so the report lists every thread size before the many-thread store.
    const passes = [
      {
        label: "growth, one thread",
        timeoutMs: options.growthFillBudgetMs + options.growthCheckpoints.length * samplingMs,
        measure: measureOneThreadGrowth,
      },
      {
        label: "growth, many threads",
        // Prunes are projected to stay within their budget, but one may overrun it once.
        timeoutMs:
          options.growthManyThreadsFillBudgetMs * (1 + FILL_OVERRUN_FRACTION) +
          options.growthThreads.length * samplingMs +
          2 * options.growthPruneBudgetMs,
        measure: measureManyThreads,
      },
    ];
    for (const pass of passes) {
      await forEachSaverAlone(
        context,
        growthScenario,
        pass.timeoutMs + options.cellTimeoutMs,
        (prepared) => pass.measure(context, growthScenario, prepared),
        pass.label,
      );
    }
  },
};
