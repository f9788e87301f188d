import { ThreadCheckpoints } from "../fixtures/checkpoint-builder.js";
import { STATE_SIZES } from "../fixtures/state-sizes.js";
import { OperationTimer } from "../measure/operation-timer.js";
import { timeSamples } from "../measure/time-samples.js";
import { CHECKPOINTS_IN_THREAD } from "../report/bench-charts.js";
import { FillBudget } from "./fill-budget.js";
import { withFreshSaver } from "./fresh-saver.js";
import { addSaverNote, addSaverRows } from "./saver-rows.js";
import type { PreparedSaver, Scenario, ScenarioContext } from "./scenario.js";

export const growthVariant = (checkpoints: number) => `${checkpoints} checkpoints in one thread`;

/**
 * `put` and latest `getTuple` in one thread as it grows: the thread is filled to each size
 * with concurrent puts (fast, and not what is timed), then a sample of each operation is
 * timed one at a time. The fill time is capped per saver; sizes it does not reach are noted
 * instead of measured.
 */
export async function measureOneThreadGrowth(
  context: ScenarioContext,
  scenario: Pick<Scenario, "id" | "title">,
  prepared: PreparedSaver,
): Promise<void> {
  const { options } = context;
  await withFreshSaver(prepared, async (bench) => {
    const channelValues = STATE_SIZES[0]!.channelValues();
    const thread = new ThreadCheckpoints(`growth-${prepared.plugin.id}`);
    let latestId = "";
    // Steps are made when a put starts, so the last one made is the newest checkpoint id.
    const nextStep = () => {
      const step = thread.next(channelValues);
      latestId = step.checkpoint.id;
      return step;
    };
    const budget = new FillBudget(options.growthFillBudgetMs, options.growthFillConcurrency);
    let stored = 0;
    const sizes = [...options.growthCheckpoints].sort((a, b) => a - b);
    for (const [index, size] of sizes.entries()) {
      const variant = growthVariant(size);
      if (Date.now() > context.deadlineMs) {
        addSaverNote(context, scenario, variant, prepared, "skipped: run deadline reached");
        return;
      }
      const wanted = Math.max(0, size - stored);
      const skippedSizes = `${sizes.slice(index).join(", ")} checkpoints were not measured`;
      const outOfReach = budget.outOfReach(wanted);
      if (outOfReach !== undefined) {
        addSaverNote(
          context,
          scenario,
          variant,
          prepared,
          `skipped for time: ${outOfReach}, so ${skippedSizes}`,
        );
        return;
      }
      const { written, elapsedMs } = await budget.fill(wanted, async () => {
        const step = nextStep();
        await bench.saver.put(step.config, step.checkpoint, step.metadata, step.newVersions);
      });
      stored += written;
      context.log(
        `  ${prepared.plugin.label}: ${written} puts to ${size} checkpoints in ${Math.round(elapsedMs)} ms`,
      );
      if (stored < size) {
        addSaverNote(
          context,
          scenario,
          variant,
          prepared,
          `skipped for time: filled ${stored} checkpoints within the ${options.growthFillBudgetMs} ms fill budget, so ${skippedSizes}`,
        );
        return;
      }
      const fillPutsPerSecond = elapsedMs > 0 ? (written * 1000) / elapsedMs : null;
      // A tiered saver flushing a fill's backlog to its cold tier would load the CPU the
      // sample runs on: time it in the steady state a long-lived thread is in.
      await bench.tiered?.flush();
      bench.counter.reset();
      const timer = new OperationTimer(bench.counter);
      const latestConfig = thread.latestConfig();
      const samples = new Map<string, number>();
      const sampleFor = async (operation: string, sample: () => Promise<void>) => {
        const count = await timeSamples(
          options.growthSampleOperations,
          options.growthSampleBudgetMs,
          () => timer.time(operation, sample),
        );
        samples.set(operation, count);
      };
      await sampleFor("getTuple (latest)", async () => {
        const tuple = await bench.saver.getTuple(latestConfig);
        if (tuple?.checkpoint.id !== latestId)
          throw new Error(`getTuple at ${stored} checkpoints did not return the newest checkpoint`);
      });
      await sampleFor("put", async () => {
        const step = nextStep();
        await bench.saver.put(step.config, step.checkpoint, step.metadata, step.newVersions);
        stored += 1;
      });
      addSaverRows(context, scenario, variant, prepared, timer.summaries(), (operation) => ({
        [CHECKPOINTS_IN_THREAD]: size,
        samples: samples.get(operation) ?? null,
        fillPutsPerSecond,
      }));
    }
  });
}
