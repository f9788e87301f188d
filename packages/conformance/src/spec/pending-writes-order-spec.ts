import {
  type CheckpointPendingWrite,
  compareWritesSortKeys,
  writesSortKey,
} from "@langchain/langgraph-checkpoint";
import type { SaverCapabilities } from "../capabilities.js";
import type { SaverHarness } from "../harness.js";
import {
  collect,
  freshThreadId,
  makeCheckpoint,
  putCheckpoint,
  SPEC_TIMEOUT_MS,
  threadConfig,
  useSaver,
} from "./fixtures.js";

interface TaskWrites {
  taskPath: string;
  taskId: string;
  /** How many writes the task makes; 12 puts idx 10 and 11 after idx 2 only when compared as numbers. */
  writeCount: number;
}

/**
 * Given in this (unsorted) order. The task ids tell code point order from UTF-16 code unit
 * order (U+FFFD sorts before an astral emoji by code point, after it by code unit) and from
 * locale order ("B" before "a" by code point).
 */
const TASKS_IN_PUT_ORDER: readonly TaskWrites[] = [
  { taskPath: "~__pregel_push, 2", taskId: "task-push", writeCount: 2 },
  { taskPath: "~__pregel_pull, node", taskId: "t-\u{1F600}", writeCount: 2 },
  { taskPath: "~__pregel_pull, node", taskId: "t-\uFFFD", writeCount: 2 },
  { taskPath: "~__pregel_pull, node", taskId: "t-a", writeCount: 12 },
  { taskPath: "~__pregel_pull, node", taskId: "t-B", writeCount: 1 },
  { taskPath: "", taskId: "input-task", writeCount: 1 },
  { taskPath: "~__pregel_pull, \u{1F680}rocket", taskId: "t-rocket", writeCount: 1 },
  { taskPath: "~__pregel_pull, Zeta", taskId: "t-zeta", writeCount: 1 },
];

function writeValueOf(task: TaskWrites, idx: number): string {
  return `${task.taskId}#${idx}`;
}

/** The pending writes in the order the contract requires: `writesSortKey`, code points. */
function expectedPendingWrites(): CheckpointPendingWrite[] {
  const all = TASKS_IN_PUT_ORDER.flatMap((task) =>
    Array.from({ length: task.writeCount }, (_unused, idx) => ({ task, idx })),
  );
  all.sort((a, b) =>
    compareWritesSortKeys(
      writesSortKey(a.task.taskPath, a.task.taskId, a.idx),
      writesSortKey(b.task.taskPath, b.task.taskId, b.idx),
    ),
  );
  return all.map(({ task, idx }) => [task.taskId, `channel-${idx}`, writeValueOf(task, idx)]);
}

/** pendingWrites come back in `writesSortKey(taskPath, taskId, idx)` order. */
export function pendingWritesOrderSpec(
  harness: SaverHarness,
  _capabilities: SaverCapabilities,
): void {
  describe("pendingWrites order", () => {
    const saver = useSaver(harness);

    it.each(["", "child"])(
      "come back in writesSortKey order from getTuple and list (namespace %j)",
      async (checkpointNs) => {
        const threadId = freshThreadId();
        const config = await putCheckpoint(
          saver(),
          threadConfig(threadId, checkpointNs),
          makeCheckpoint({ seed: 1 }),
        );
        for (const task of TASKS_IN_PUT_ORDER) {
          const writes = Array.from(
            { length: task.writeCount },
            (_unused, idx) => [`channel-${idx}`, writeValueOf(task, idx)] as [string, string],
          );
          await saver().putWrites(config, writes, task.taskId, task.taskPath);
        }
        const expected = expectedPendingWrites();

        const tuple = await saver().getTuple(config);
        expect(tuple?.pendingWrites).toEqual(expected);
        const latest = await saver().getTuple(threadConfig(threadId, checkpointNs));
        expect(latest?.pendingWrites).toEqual(expected);
        const [listed] = await collect(saver().list(threadConfig(threadId, checkpointNs)));
        expect(listed?.pendingWrites).toEqual(expected);
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "writes of a task spread over several putWrites calls still come back in order",
      async () => {
        const threadId = freshThreadId();
        const config = await putCheckpoint(saver(), threadConfig(threadId), makeCheckpoint());
        await saver().putWrites(config, [["late", "z-0"]], "z-task", "~__pregel_pull, z");
        await saver().putWrites(config, [["early", "a-0"]], "a-task", "~__pregel_pull, a");
        await saver().putWrites(config, [["input", "no-path"]], "m-task");
        const tuple = await saver().getTuple(config);
        expect(tuple?.pendingWrites).toEqual([
          ["m-task", "input", "no-path"],
          ["a-task", "early", "a-0"],
          ["z-task", "late", "z-0"],
        ]);
      },
      SPEC_TIMEOUT_MS,
    );
  });
}
