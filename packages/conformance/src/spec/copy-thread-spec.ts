import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { SaverCapabilities } from "../capabilities.js";
import type { SaverHarness } from "../harness.js";
import { describeWhen } from "./capability-gate.js";
import {
  checkpointConfig,
  checkpointIdsOf,
  collect,
  freshThreadId,
  makeCheckpoint,
  newCheckpointId,
  newestFirst,
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

    it(
      "copyThread into a thread that already holds checkpoints keeps them and adds the source's; the same id keeps the target's; getTuple returns the newest of both; list shows the union",
      async () => {
        const sourceId = freshThreadId("source");
        const targetId = freshThreadId("target");
        // Ids in creation order: the source holds the newest of the root namespace, the target
        // the newest of "child"; both hold `sharedId`, with different contents.
        const targetOnlyId = newCheckpointId();
        const sourceOldId = newCheckpointId();
        const sharedId = newCheckpointId();
        const sourceNewestId = newCheckpointId();
        const sourceChildId = newCheckpointId();
        const targetChildId = newCheckpointId();
        const put = (
          threadId: string,
          ns: string,
          parentId: string | undefined,
          id: string,
          values: Record<string, unknown>,
        ) =>
          putCheckpoint(
            saver(),
            parentId === undefined
              ? threadConfig(threadId, ns)
              : checkpointConfig(threadId, ns, parentId),
            makeCheckpoint(values, undefined, id),
          );

        await put(targetId, "", undefined, targetOnlyId, { target_only: "t" });
        const targetShared = await put(targetId, "", targetOnlyId, sharedId, { shared: "target" });
        await saver().putWrites(targetShared, [["shared", "target write"]], "task-1");
        await put(targetId, "child", undefined, targetChildId, { child: "target" });

        await put(sourceId, "", undefined, sourceOldId, { source_old: "s" });
        const sourceShared = await put(sourceId, "", sourceOldId, sharedId, { shared: "source" });
        await saver().putWrites(sourceShared, [["shared", "source write"]], "task-1");
        await saver().putWrites(sourceShared, [["other", "source only write"]], "task-2");
        await put(sourceId, "", sharedId, sourceNewestId, { source_newest: "s" });
        await put(sourceId, "child", undefined, sourceChildId, { child: "source" });
        const sourceBefore = await snapshot(saver(), sourceId);

        await (saver() as CopyingSaver).copyThread(sourceId, targetId);

        const rootIds = checkpointIdsOf(await collect(saver().list(threadConfig(targetId, ""))));
        expect(rootIds).toEqual(newestFirst([targetOnlyId, sourceOldId, sharedId, sourceNewestId]));
        const allIds = checkpointIdsOf(
          await collect(saver().list({ configurable: { thread_id: targetId } })),
        );
        expect([...allIds].sort()).toEqual(
          [
            targetOnlyId,
            sourceOldId,
            sharedId,
            sourceNewestId,
            sourceChildId,
            targetChildId,
          ].sort(),
        );

        const latest = await saver().getTuple(threadConfig(targetId, ""));
        expect(latest?.checkpoint.id).toBe(sourceNewestId);
        expect(latest?.checkpoint.channel_values).toEqual({ source_newest: "s" });
        expect(latest?.config.configurable?.thread_id).toBe(targetId);
        expect(latest?.parentConfig?.configurable?.checkpoint_id).toBe(sharedId);
        const latestChild = await saver().getTuple(threadConfig(targetId, "child"));
        expect(latestChild?.checkpoint.id).toBe(targetChildId);

        const shared = await saver().getTuple(checkpointConfig(targetId, "", sharedId));
        expect(shared?.checkpoint.channel_values).toEqual({ shared: "target" });
        expect(shared?.parentConfig?.configurable?.checkpoint_id).toBe(targetOnlyId);
        expect(shared?.pendingWrites).toHaveLength(2);
        expect(shared?.pendingWrites).toEqual(
          expect.arrayContaining([
            ["task-1", "shared", "target write"],
            ["task-2", "other", "source only write"],
          ]),
        );
        const copiedOld = await saver().getTuple(checkpointConfig(targetId, "", sourceOldId));
        expect(copiedOld?.checkpoint.channel_values).toEqual({ source_old: "s" });
        expect(await snapshot(saver(), sourceId)).toEqual(sourceBefore);

        // Copying again changes nothing: the merge is idempotent, so a retried copy is safe.
        const targetAfter = await snapshot(saver(), targetId);
        await (saver() as CopyingSaver).copyThread(sourceId, targetId);
        expect(await snapshot(saver(), targetId)).toEqual(targetAfter);
      },
      SPEC_TIMEOUT_MS,
    );
  });
}
