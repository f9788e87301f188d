import { performance } from "node:perf_hooks";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { ThreadCheckpoints } from "../fixtures/checkpoint-builder.js";
import { STATE_SIZES } from "../fixtures/state-sizes.js";
import { OperationTimer } from "../measure/operation-timer.js";
import { runConcurrently } from "../measure/run-concurrently.js";
import { timeSamples } from "../measure/time-samples.js";
import { withFreshSaver } from "./fresh-saver.js";
import { addSaverNote, addSaverRows } from "./saver-rows.js";
import type { PreparedSaver, Scenario, ScenarioContext } from "./scenario.js";

const PRUNE_KEEP_LATEST = 1;
const LIST_OPERATION = (pageSize: number) => `list, first page (limit ${pageSize}, no thread_id)`;

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
 * Global `list` (first page, no thread_id: newest checkpoints of every thread) and `prune`
 * over a store of many threads. The store is filled thread by thread with concurrent puts
 * within a time budget; both operations are then measured over whatever it holds, and the row says how
 * many checkpoints that was.
 */
export async function measureManyThreads(
  context: ScenarioContext,
  scenario: Pick<Scenario, "id" | "title">,
  prepared: PreparedSaver,
): Promise<void> {
  const { options } = context;
  const variant = `${options.growthThreads} threads × ${options.growthCheckpointsPerThread} checkpoints`;
  if (Date.now() > context.deadlineMs) {
    addSaverNote(context, scenario, variant, prepared, "skipped: run deadline reached");
    return;
  }
  await withFreshSaver(prepared, async (bench) => {
    const channelValues = STATE_SIZES[0]!.channelValues();
    const threads = Array.from(
      { length: options.growthThreads },
      (_, index) => new ThreadCheckpoints(`growth-many-${index}`),
    );
    const total = options.growthThreads * options.growthCheckpointsPerThread;
    const written = await runConcurrently(
      total,
      options.growthFillConcurrency,
      async (index) => {
        // Thread by thread: a fill cut short leaves fewer threads of full depth, so prune
        // still has old checkpoints to remove and list still spans several threads.
        const step =
          threads[Math.floor(index / options.growthCheckpointsPerThread)]!.next(channelValues);
        await bench.saver.put(step.config, step.checkpoint, step.metadata, step.newVersions);
      },
      performance.now() + options.growthManyThreadsFillBudgetMs,
    );
    if (written < total) {
      addSaverNote(
        context,
        scenario,
        variant,
        prepared,
        `filled ${written} of ${total} checkpoints within the ${options.growthManyThreadsFillBudgetMs} ms fill budget; list and prune ran over those`,
      );
    }
    // Steady state, as in the one-thread part: no flush backlog competing with the timing.
    await bench.tiered?.flush();
    bench.counter.reset();
    const timer = new OperationTimer(bench.counter);
    const expectedPage = Math.min(options.listPageSize, written);
    const listSamples = await timeSamples(
      options.growthSampleOperations,
      options.growthSampleBudgetMs,
      async () => {
        const count = await timer.time(LIST_OPERATION(options.listPageSize), async () => {
          let tuples = 0;
          for await (const _tuple of bench.saver.list(
            { configurable: {} },
            { limit: options.listPageSize },
          ))
            tuples += 1;
          return tuples;
        });
        if (count !== expectedPage)
          throw new Error(`global list returned ${count} of ${expectedPage} checkpoints`);
      },
    );
    let deletedCheckpoints: number | null = null;
    const { saver } = bench;
    if (canPrune(saver)) {
      const result = await timer.time(`prune (keepLatest ${PRUNE_KEEP_LATEST}, all threads)`, () =>
        saver.prune({ keepLatest: PRUNE_KEEP_LATEST }),
      );
      deletedCheckpoints = result.deletedCheckpoints;
    } else {
      addSaverNote(
        context,
        scenario,
        variant,
        prepared,
        "prune not measured: the saver has no prune method",
      );
    }
    addSaverRows(
      context,
      scenario,
      variant,
      prepared,
      timer.summaries(),
      (operation): Record<string, number | null> =>
        operation.startsWith("prune")
          ? { checkpointsWritten: written, samples: 1, deletedCheckpoints }
          : { checkpointsWritten: written, samples: listSamples },
    );
  });
}
