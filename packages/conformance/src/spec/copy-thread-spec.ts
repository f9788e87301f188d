import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { SaverCapabilities } from "../capabilities.js";
import type { SaverHarness } from "../harness.js";
import { describeWhen } from "./capability-gate.js";
import {
  collect,
  freshThreadId,
  makeCheckpoint,
  putChain,
  putCheckpoint,
  SPEC_TIMEOUT_MS,
  threadConfig,
  useSaver,
} from "./fixtures.js";
import { threadSnapshot as snapshot } from "./thread-snapshot.js";

interface CopyingSaver extends BaseCheckpointSaver {
  copyThread(fromThreadId: string, toThreadId: string): Promise<void>;
}

/** `copyThread(from, to)`: the copy reads back like the source under the new id; the source is untouched. */
export function copyThreadSpec(harness: SaverHarness, capabilities: SaverCapabilities): void {
  describeWhen(capabilities, "copyThread", "copyThread", () => {
    const saver = useSaver(harness);

    it(
      "copies every namespace's checkpoints and writes under the new thread id",
      async () => {
        const sourceId = freshThreadId("source");
        const targetId = freshThreadId("target");
        await putChain(saver(), sourceId, "", 3);
        await putChain(saver(), sourceId, "child", 2);
        const latest = await saver().getTuple(threadConfig(sourceId));
        await saver().putWrites(
          latest!.config,
          [["messages", "pending"]],
          "task",
          "~__pregel_pull, a",
        );
        const sourceBefore = await snapshot(saver(), sourceId);

        await (saver() as CopyingSaver).copyThread(sourceId, targetId);

        const copy = await snapshot(saver(), targetId);
        expect(copy).toEqual(sourceBefore);
        expect(copy).toHaveLength(5);
        const copiedLatest = await saver().getTuple(threadConfig(targetId));
        expect(copiedLatest?.config.configurable?.thread_id).toBe(targetId);
        expect(copiedLatest?.parentConfig?.configurable?.thread_id).toBe(targetId);
        expect(copiedLatest?.pendingWrites).toEqual([["task", "messages", "pending"]]);
        expect(await snapshot(saver(), sourceId)).toEqual(sourceBefore);

        // The two threads are independent afterwards.
        await putCheckpoint(saver(), copiedLatest!.config, makeCheckpoint({ only: "in the copy" }));
        await saver().deleteThread(sourceId);
        expect(await collect(saver().list({ configurable: { thread_id: sourceId } }))).toEqual([]);
        expect(await snapshot(saver(), targetId)).toHaveLength(6);
      },
      SPEC_TIMEOUT_MS,
    );
  });
}
