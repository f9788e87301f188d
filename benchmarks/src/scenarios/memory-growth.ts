import { performance } from "node:perf_hooks";
import { ThreadCheckpoints } from "../fixtures/checkpoint-builder.js";
import { STATE_SIZES } from "../fixtures/state-sizes.js";
import { summarizeLatencies } from "../measure/latency-summary.js";
import { gcAvailable, sampleMemory } from "../measure/process-memory.js";
import { runConcurrently } from "../measure/run-concurrently.js";
import { finiteOrNull } from "../report/result-row.js";
import { forEachSaverAlone } from "./each-saver-alone.js";
import { withFreshSaver } from "./fresh-saver.js";
import { addSaverRows } from "./saver-rows.js";
import type { PreparedSaver, Scenario, ScenarioContext } from "./scenario.js";

/** Puts before the baseline sample, so lazily loaded scripts and statements are not growth. */
const WARMUP_PUTS = 200;

async function measureSaver(context: ScenarioContext, prepared: PreparedSaver): Promise<void> {
  const { options } = context;
  await withFreshSaver(prepared, async (bench) => {
    const channelValues = STATE_SIZES[0]!.channelValues();
    const threads = Array.from(
      { length: options.memoryConcurrency },
      (_, index) => new ThreadCheckpoints(`memory-${prepared.plugin.id}-${index}`),
    );
    const put = async (index: number) => {
      const step = threads[index % threads.length]!.next(channelValues);
      await bench.saver.put(step.config, step.checkpoint, step.metadata, step.newVersions);
    };
    await runConcurrently(WARMUP_PUTS, options.memoryConcurrency, put);
    const before = await sampleMemory();
    bench.counter.reset();
    const latenciesMs: number[] = [];
    const start = performance.now();
    const stopAt = start + options.memoryTimeBudgetMs;
    let written = 0;
    await runConcurrently(options.memoryCheckpoints, options.memoryConcurrency, async (index) => {
      if (performance.now() > stopAt) return;
      const putStart = performance.now();
      await put(index);
      latenciesMs.push(performance.now() - putStart);
      written += 1;
    });
    const elapsedMs = performance.now() - start;
    const after = await sampleMemory();
    const summary = summarizeLatencies(latenciesMs, elapsedMs, bench.counter.roundTrips);
    const rssGrowthMb = after.rssMb - before.rssMb;
    addSaverRows(
      context,
      memoryGrowthScenario,
      `${options.memoryCheckpoints} checkpoints, concurrency ${options.memoryConcurrency}`,
      prepared,
      new Map([["put", summary]]),
      {
        checkpointsWritten: written,
        rssGrowthMb: finiteOrNull(rssGrowthMb),
        heapUsedGrowthMb: finiteOrNull(after.heapUsedMb - before.heapUsedMb),
        arrayBuffersGrowthMb: finiteOrNull(after.arrayBuffersMb - before.arrayBuffersMb),
        rssGrowthPer10kCheckpointsMb:
          written > 0 ? finiteOrNull((rssGrowthMb * 10_000) / written) : null,
      },
    );
    if (written < options.memoryCheckpoints) {
      context.results.addNote({
        scenarioId: memoryGrowthScenario.id,
        variant: "time budget",
        subjectLabel: prepared.plugin.label,
        note: `wrote ${written} of ${options.memoryCheckpoints} checkpoints within the ${options.memoryTimeBudgetMs} ms budget`,
      });
    }
  });
}

export const memoryGrowthScenario: Scenario = {
  id: "f",
  title: "f. memory: RSS growth of the benchmark process",
  measures:
    "RSS, V8 heap and off-heap buffers of this Node process before and after writing 100,000 " +
    "checkpoints (1 KB state, 16 threads written concurrently), each sample after a full GC. " +
    "This scenario runs first, before the others leave garbage behind, but RSS still moves with " +
    "the allocator (it can shrink); heap and buffer growth are the steadier signal. A saver that " +
    "keeps nothing per checkpoint stays flat; MemorySaver holds every checkpoint; the Cosmos row " +
    "includes the in-process Cosmos server, which stores its data in this same process. Each " +
    "saver writes for at most a fixed time budget; the count it reached is reported.",
  run: async (context) => {
    if (!gcAvailable())
      context.log("f. memory: --expose-gc is off, samples are taken without a forced GC");
    await forEachSaverAlone(
      context,
      memoryGrowthScenario,
      context.options.memoryTimeBudgetMs + context.options.cellTimeoutMs,
      (prepared) => measureSaver(context, prepared),
    );
  },
};
