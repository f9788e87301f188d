import { performance } from "node:perf_hooks";
import { stepWrites, ThreadCheckpoints } from "../fixtures/checkpoint-builder.js";
import { deserializeFromFloor, serializeForFloor } from "../fixtures/serialized.js";
import { STATE_SIZES } from "../fixtures/state-sizes.js";
import type { OperationTimer } from "../measure/operation-timer.js";
import { runInterleaved } from "./run-interleaved.js";
import type { Scenario } from "./scenario.js";
import type { Subject } from "./subject.js";

const TASK_PATH = "~__pregel_pull, agent";

/**
 * One graph step as the Pregel loop drives a saver: store the checkpoint, store the node's
 * writes against it, read the thread's latest tuple back. Every channel is new in every
 * step, so each put carries the full state (the costly case for a saver that stores only
 * changed channels).
 */
async function loopIteration(
  subject: Subject,
  thread: ThreadCheckpoints,
  channelValues: Record<string, unknown>,
  timer: OperationTimer,
): Promise<void> {
  const step = thread.next(channelValues);
  const stepNumber = step.metadata.step ?? 0;
  const writes = stepWrites(stepNumber);
  const taskId = `task-${stepNumber}`;
  const roundTripsBefore = subject.counter.roundTrips;
  const start = performance.now();
  if (subject.kind === "saver") {
    const { saver } = subject.bench;
    const stored = await timer.time("put", () =>
      saver.put(step.config, step.checkpoint, step.metadata, step.newVersions),
    );
    await timer.time("putWrites", () => saver.putWrites(stored, writes, taskId, TASK_PATH));
    const tuple = await timer.time("getTuple", () => saver.getTuple(thread.latestConfig()));
    if (tuple?.checkpoint.id !== step.checkpoint.id) {
      throw new Error(`getTuple returned ${tuple?.checkpoint.id} instead of ${step.checkpoint.id}`);
    }
  } else {
    const { floor } = subject;
    await timer.time("put", async () =>
      floor.putCheckpoint(
        thread.threadId,
        await serializeForFloor([step.checkpoint, step.metadata]),
      ),
    );
    await timer.time("putWrites", async () =>
      floor.putWrites(thread.threadId, await serializeForFloor([taskId, TASK_PATH, writes])),
    );
    await timer.time("getTuple", async () => {
      const latest = await floor.getLatest(thread.threadId);
      if (latest.checkpoint !== undefined) await deserializeFromFloor(latest.checkpoint);
      if (latest.writes !== undefined) await deserializeFromFloor(latest.writes);
    });
  }
  timer.record(
    "step (all three)",
    performance.now() - start,
    subject.counter.roundTrips - roundTripsBefore,
  );
}

export const operationLoopScenario: Scenario = {
  id: "a",
  title: "a. operation loop (put + putWrites + getTuple, one thread)",
  measures:
    "One graph step as LangGraph drives a saver: `put` of a checkpoint carrying the whole state, " +
    "`putWrites` of the node's two writes, `getTuple` of the thread's latest checkpoint. " +
    "Three state sizes: 1 KB, 5 KB (20 LangChain messages) and 500 KB (20 messages and a 495 KB attachment).",
  run: async (context) => {
    for (const size of STATE_SIZES) {
      const channelValues = size.channelValues();
      const threads = new Map<Subject, ThreadCheckpoints>();
      const isLarge = size.label.startsWith("500");
      context.log(`a. operation loop, ${size.label}`);
      await runInterleaved(context, {
        scenario: operationLoopScenario,
        variant: size.label,
        includeFloors: true,
        iterations: isLarge ? context.options.largeLoopIterations : context.options.loopIterations,
        warmupIterations: isLarge
          ? context.options.costlyWarmupIterations
          : context.options.warmupIterations,
        repetition: async (subject, timer, iterations) => {
          const thread = threads.get(subject) ?? new ThreadCheckpoints(`loop-${subject.id}`);
          threads.set(subject, thread);
          for (let iteration = 0; iteration < iterations; iteration++) {
            await loopIteration(subject, thread, channelValues, timer);
          }
        },
      });
    }
  },
};
