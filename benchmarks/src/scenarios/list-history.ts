import { ThreadCheckpoints } from "../fixtures/checkpoint-builder.js";
import { deserializeFromFloor } from "../fixtures/serialized.js";
import { STATE_SIZES } from "../fixtures/state-sizes.js";
import { fillThread } from "./fill-thread.js";
import { runInterleaved } from "./run-interleaved.js";
import type { Scenario } from "./scenario.js";
import type { Subject } from "./subject.js";

async function listCount(
  subject: Subject,
  threadId: string,
  limit: number | undefined,
): Promise<number> {
  if (subject.kind === "floor") {
    const rows = await subject.floor.listCheckpoints(threadId, limit);
    for (const row of rows) await deserializeFromFloor(row);
    return rows.length;
  }
  let count = 0;
  const options = limit === undefined ? {} : { limit };
  for await (const _tuple of subject.bench.saver.list(
    { configurable: { thread_id: threadId } },
    options,
  )) {
    count += 1;
  }
  return count;
}

export const listHistoryScenario: Scenario = {
  id: "b",
  title: "b. list of a long thread",
  measures:
    "`list` of one thread holding 1,000 checkpoints (1 KB state, each with two pending writes): " +
    "the first page (`limit: 20`) and every page (the whole history, consumed to the end). " +
    "The floor reads the newest checkpoints' bytes in one round trip (without their writes).",
  run: async (context) => {
    const { options } = context;
    const channelValues = STATE_SIZES[0]!.channelValues();
    const threadIds = new Map<Subject, string>();
    context.log(`b. list, ${options.listCheckpoints} checkpoints`);
    await runInterleaved(context, {
      scenario: listHistoryScenario,
      variant: `${options.listCheckpoints} checkpoints`,
      includeFloors: true,
      iterations: options.listFirstPageIterations,
      warmupIterations: options.costlyWarmupIterations,
      setup: async (subject) => {
        const thread = new ThreadCheckpoints(`list-${subject.id}`);
        threadIds.set(subject, thread.threadId);
        await fillThread(subject, thread, options.listCheckpoints, () => channelValues);
      },
      repetition: async (subject, timer, iterations) => {
        const threadId = threadIds.get(subject)!;
        for (let iteration = 0; iteration < iterations; iteration++) {
          const count = await timer.time(`first page (limit ${options.listPageSize})`, () =>
            listCount(subject, threadId, options.listPageSize),
          );
          if (count !== options.listPageSize)
            throw new Error(`first page had ${count} checkpoints`);
        }
        for (let run = 0; run < options.listAllPagesIterations; run++) {
          const count = await timer.time(`all pages (${options.listCheckpoints})`, () =>
            listCount(subject, threadId, undefined),
          );
          if (count !== options.listCheckpoints)
            throw new Error(`all pages had ${count} checkpoints`);
        }
      },
    });
  },
};
