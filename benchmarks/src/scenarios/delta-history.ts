import { ThreadCheckpoints } from "../fixtures/checkpoint-builder.js";
import { deserializeFromFloor } from "../fixtures/serialized.js";
import { supportConversation } from "../fixtures/state-sizes.js";
import { fillThread } from "./fill-thread.js";
import { runInterleaved } from "./run-interleaved.js";
import type { Scenario } from "./scenario.js";
import type { Subject } from "./subject.js";

interface DeltaThread {
  threadId: string;
  targetId: string;
}

/**
 * The thread: a root checkpoint that stores `messages` (the seed), then steps that bump
 * `messages` without storing it (a delta channel between snapshots), the last one the
 * target. Every checkpoint gets one message write, so the walk from the target visits
 * `depth` ancestors (root included) and collects `depth` writes; the target's own writes
 * are pending for the next step and excluded.
 */
async function fillDeltaThread(subject: Subject, depth: number): Promise<DeltaThread> {
  const thread = new ThreadCheckpoints(`delta-${subject.id}`);
  const seed = supportConversation(2);
  const ids = await fillThread(
    subject,
    thread,
    depth + 1,
    (step) => (step === 0 ? { messages: seed, step } : { step }),
    (step) => (step === 0 ? [] : ["messages"]),
  );
  return { threadId: thread.threadId, targetId: ids.at(-1)! };
}

async function deltaHistory(subject: Subject, thread: DeltaThread, depth: number): Promise<number> {
  if (subject.kind === "floor") {
    const history = await subject.floor.writesHistory(thread.threadId, depth);
    for (const write of history.writes) await deserializeFromFloor(write);
    if (history.seed !== undefined) await deserializeFromFloor(history.seed);
    return history.writes.length;
  }
  const history = await subject.bench.saver.getDeltaChannelHistory({
    config: {
      configurable: {
        thread_id: thread.threadId,
        checkpoint_ns: "",
        checkpoint_id: thread.targetId,
      },
    },
    channels: ["messages"],
  });
  return history.messages?.writes.length ?? 0;
}

export const deltaHistoryScenario: Scenario = {
  id: "c",
  title: "c. getDeltaChannelHistory",
  measures:
    "`getDeltaChannelHistory` for one channel whose nearest stored value is 50 ancestors up: " +
    "the saver must return the 50 writes on the path and the seed. Savers without an override " +
    "use LangGraph's default walk (one `getTuple` per ancestor).",
  run: async (context) => {
    const depth = context.options.deltaDepth;
    const threads = new Map<Subject, DeltaThread>();
    context.log(`c. delta history, ${depth} ancestors`);
    await runInterleaved(context, {
      scenario: deltaHistoryScenario,
      variant: `${depth} ancestors`,
      includeFloors: true,
      iterations: context.options.deltaIterations,
      warmupIterations: context.options.costlyWarmupIterations,
      setup: async (subject) => {
        threads.set(subject, await fillDeltaThread(subject, depth));
      },
      repetition: async (subject, timer, iterations) => {
        const thread = threads.get(subject)!;
        for (let iteration = 0; iteration < iterations; iteration++) {
          const writes = await timer.time("getDeltaChannelHistory", () =>
            deltaHistory(subject, thread, depth),
          );
          // Each step wrote one message and one route; only the messages count.
          if (writes !== depth) throw new Error(`returned ${writes} writes, expected ${depth}`);
        }
      },
    });
  },
};
