import { performance } from "node:perf_hooks";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { ThreadCheckpoints } from "../fixtures/checkpoint-builder.js";
import { STATE_SIZES } from "../fixtures/state-sizes.js";
import { OperationTimer } from "../measure/operation-timer.js";
import { timeSamples } from "../measure/time-samples.js";
import {
  GLOBAL_LIST_FIRST_PAGE,
  PRUNE_ALL_THREADS,
  PRUNE_MICROSECONDS_PER_THREAD,
  THREADS_IN_STORE,
} from "../report/bench-charts.js";
import type { BenchSaver } from "../savers/saver-plugin.js";
import { FillBudget } from "./fill-budget.js";
import { withFreshSaver } from "./fresh-saver.js";
import { type MeasuredPrune, pruneSkipReason } from "./prune-budget.js";
import { addSaverNote, addSaverRows } from "./saver-rows.js";
import type { PreparedSaver, Scenario, ScenarioContext } from "./scenario.js";

/** What `PRUNE_ALL_THREADS` keeps of each thread. */
const PRUNE_KEEP_LATEST = 1;
/** The calibration prune runs over this fraction of the first size's threads. */
const PRUNE_CALIBRATION_DIVISOR = 10;
const LIST_OPERATION = (pageSize: number) =>
  `${GLOBAL_LIST_FIRST_PAGE} (limit ${pageSize}, no thread_id)`;
const PRUNE_OPERATION = PRUNE_ALL_THREADS;

export const manyThreadsVariant = (threads: number, checkpointsPerThread: number) =>
  `${threads} threads × ${checkpointsPerThread} checkpoints`;

/**
 * The checkpointkit savers' retention call (its options and result as `@checkpointkit/core`
 * types them, restated: the benchmark loads the savers, it does not build against core);
 * LangGraph's savers have none.
 */
type PruningSaver = BaseCheckpointSaver & {
  prune(options: { keepLatest: number }): Promise<{ deletedCheckpoints: number }>;
};

function canPrune(saver: BaseCheckpointSaver): saver is PruningSaver {
  return typeof (saver as Partial<PruningSaver>).prune === "function";
}

/**
 * The puts that bring every thread to `perThread` checkpoints: round by round over the
 * threads, so two puts of one thread are thousands of puts apart and never race each other.
 * `held[i]` is what thread i holds now (the last prune left `keepLatest`; new threads nothing).
 */
function topUpQueue(
  threads: readonly ThreadCheckpoints[],
  held: readonly number[],
  perThread: number,
): ThreadCheckpoints[] {
  const queue: ThreadCheckpoints[] = [];
  for (let round = 0; round < perThread; round++)
    for (const [index, thread] of threads.entries()) if (held[index]! <= round) queue.push(thread);
  return queue;
}

async function timeGlobalList(
  bench: BenchSaver,
  timer: OperationTimer,
  pageSize: number,
  storedCheckpoints: number,
  sampleOperations: number,
  sampleBudgetMs: number,
): Promise<number> {
  const expectedPage = Math.min(pageSize, storedCheckpoints);
  return timeSamples(sampleOperations, sampleBudgetMs, async () => {
    const count = await timer.time(LIST_OPERATION(pageSize), async () => {
      let tuples = 0;
      for await (const _tuple of bench.saver.list({ configurable: {} }, { limit: pageSize }))
        tuples += 1;
      return tuples;
    });
    if (count !== expectedPage)
      throw new Error(`global list returned ${count} of ${expectedPage} checkpoints`);
  });
}

/**
 * Global `list` (first page, no thread_id: newest checkpoints of every thread) and `prune`
 * as a store grows in threads. At each size the store is topped up so every thread holds
 * `growthCheckpointsPerThread` checkpoints (new threads, plus one more in each thread the
 * previous prune cut back), the list is sampled, then one prune removes all but the newest
 * checkpoint of every thread. Fill and prune each have a time budget; sizes past them are
 * noted instead of measured.
 */
export async function measureManyThreads(
  context: ScenarioContext,
  scenario: Pick<Scenario, "id" | "title">,
  prepared: PreparedSaver,
): Promise<void> {
  const { options } = context;
  const perThread = options.growthCheckpointsPerThread;
  const sizes = [...options.growthThreads].sort((a, b) => a - b);
  const note = (threads: number, text: string) =>
    addSaverNote(context, scenario, manyThreadsVariant(threads, perThread), prepared, text);
  await withFreshSaver(prepared, async (bench) => {
    const channelValues = STATE_SIZES[0]!.channelValues();
    const budget = new FillBudget(
      options.growthManyThreadsFillBudgetMs,
      options.growthFillConcurrency,
    );
    const threads: ThreadCheckpoints[] = [];
    const held: number[] = [];
    const { saver } = bench;
    const growTo = (size: number) => {
      while (threads.length < size) {
        threads.push(new ThreadCheckpoints(`growth-many-${threads.length}`));
        held.push(0);
      }
      const queue = topUpQueue(threads, held, perThread);
      const putAll = (put: number) => {
        const step = queue[put]!.next(channelValues);
        return saver.put(step.config, step.checkpoint, step.metadata, step.newVersions);
      };
      return { queue, putAll };
    };
    let previousPrune: MeasuredPrune | undefined;
    // Prune cannot be cut short, and the first size has no earlier prune to project from: an
    // untimed-in-the-report prune over a tenth of it gives one, so a backend that prunes slowly
    // (the in-process Cosmos server, loaded: about 0.3 s per thread) skips even the first one.
    if (canPrune(saver)) {
      const calibrationThreads = Math.max(1, Math.floor(sizes[0]! / PRUNE_CALIBRATION_DIVISOR));
      const { queue, putAll } = growTo(calibrationThreads);
      const { written } = await budget.fill(queue.length, async (put) => {
        await putAll(put);
      });
      if (written < queue.length)
        return note(
          sizes[0]!,
          "skipped for time: the calibration fill did not fit the fill budget",
        );
      held.fill(perThread);
      await bench.tiered?.flush();
      const start = performance.now();
      await saver.prune({ keepLatest: PRUNE_KEEP_LATEST });
      previousPrune = { threads: calibrationThreads, pruneMs: performance.now() - start };
      held.fill(PRUNE_KEEP_LATEST);
      context.log(
        `  ${prepared.plugin.label}: calibration prune over ${calibrationThreads} threads in ${Math.round(previousPrune.pruneMs)} ms`,
      );
    }
    for (const [index, size] of sizes.entries()) {
      const variant = manyThreadsVariant(size, perThread);
      if (Date.now() > context.deadlineMs) return note(size, "skipped: run deadline reached");
      const { queue, putAll } = growTo(size);
      const skippedSizes = `${sizes.slice(index).join(", ")} threads were not measured`;
      const outOfReach = budget.outOfReach(queue.length);
      if (outOfReach !== undefined)
        return note(size, `skipped for time: ${outOfReach}, so ${skippedSizes}`);
      const { written, elapsedMs } = await budget.fill(queue.length, async (put) => {
        await putAll(put);
      });
      context.log(
        `  ${prepared.plugin.label}: ${written} puts to ${size} threads in ${Math.round(elapsedMs)} ms`,
      );
      if (written < queue.length)
        return note(
          size,
          `skipped for time: ${written} of the ${queue.length} puts to reach ${size} threads fit in what was left of the ${budget.budgetMs} ms fill budget, so ${skippedSizes}`,
        );
      held.fill(perThread);
      const storedCheckpoints = size * perThread;
      // Steady state, as in the one-thread part: no flush backlog competing with the timing.
      await bench.tiered?.flush();
      bench.counter.reset();
      const timer = new OperationTimer(bench.counter);
      const listSamples = await timeGlobalList(
        bench,
        timer,
        options.listPageSize,
        storedCheckpoints,
        options.growthSampleOperations,
        options.growthSampleBudgetMs,
      );
      let deletedCheckpoints: number | null = null;
      // Projected from the last prune that ran: once a size is past the budget, every larger one is.
      const skipReason = pruneSkipReason(previousPrune, size, options.growthPruneBudgetMs);
      if (!canPrune(saver)) {
        if (index === 0) note(size, "prune not measured: the saver has no prune method");
      } else if (skipReason !== undefined) {
        note(size, skipReason);
      } else {
        const result = await timer.time(PRUNE_OPERATION, () =>
          saver.prune({ keepLatest: PRUNE_KEEP_LATEST }),
        );
        deletedCheckpoints = result.deletedCheckpoints;
        held.fill(PRUNE_KEEP_LATEST);
      }
      const summaries = timer.summaries();
      const pruneMs = summaries.get(PRUNE_OPERATION)?.p50Ms;
      if (pruneMs !== undefined) previousPrune = { threads: size, pruneMs };
      const fillPutsPerSecond = elapsedMs > 0 ? (written * 1000) / elapsedMs : null;
      addSaverRows(context, scenario, variant, prepared, summaries, (operation) => ({
        [THREADS_IN_STORE]: size,
        checkpointsInStore: storedCheckpoints,
        fillPutsPerSecond,
        ...(operation === PRUNE_OPERATION
          ? {
              samples: 1,
              deletedCheckpoints,
              [PRUNE_MICROSECONDS_PER_THREAD]:
                pruneMs === undefined ? null : (pruneMs * 1000) / size,
            }
          : { samples: listSamples }),
      }));
    }
  });
}
