import { InvalidConfigError, type PruneOptions, type PruneResult } from "@checkpointkit/core";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { SaverCapabilities } from "../capabilities.js";
import type { SaverHarness } from "../harness.js";
import { describeWhen } from "./capability-gate.js";
import {
  checkpointIdsOf,
  collect,
  freshThreadId,
  newestFirst,
  putChain,
  SPEC_TIMEOUT_MS,
  threadConfig,
  useSaver,
} from "./fixtures.js";

interface PruningSaver extends BaseCheckpointSaver {
  prune(options: PruneOptions): Promise<PruneResult>;
}

/** Ids of one namespace of a thread, newest first. */
async function listedIds(
  saver: BaseCheckpointSaver,
  threadId: string,
  checkpointNs: string,
): Promise<string[]> {
  return checkpointIdsOf(await collect(saver.list(threadConfig(threadId, checkpointNs))));
}

/** `prune({ threadId?, keepLatest?, olderThan? })` removes old checkpoints and says how many. */
export function pruneSpec(harness: SaverHarness, capabilities: SaverCapabilities): void {
  describeWhen(capabilities, "prune", "prune", () => {
    const saver = useSaver(harness);
    const pruning = () => saver() as PruningSaver;

    it(
      "keepLatest keeps the newest n per namespace of the thread, returns the count, spares other threads",
      async () => {
        const threadId = freshThreadId();
        const otherThreadId = freshThreadId("other");
        const rootIds = newestFirst(await putChain(saver(), threadId, "", 5));
        const childIds = newestFirst(await putChain(saver(), threadId, "child", 3));
        const otherIds = newestFirst(await putChain(saver(), otherThreadId, "", 4));
        const latest = await saver().getTuple(threadConfig(threadId));
        await saver().putWrites(latest!.config, [["kept", "write"]], "task");

        const result = await pruning().prune({ threadId, keepLatest: 2 });

        expect(result.deletedCheckpoints).toBe(3 + 1);
        expect(await listedIds(saver(), threadId, "")).toEqual(rootIds.slice(0, 2));
        expect(await listedIds(saver(), threadId, "child")).toEqual(childIds.slice(0, 2));
        expect(await listedIds(saver(), otherThreadId, "")).toEqual(otherIds);
        expect((await saver().getTuple(threadConfig(threadId)))?.pendingWrites).toEqual([
          ["task", "kept", "write"],
        ]);
        expect((await pruning().prune({ threadId, keepLatest: 2 })).deletedCheckpoints).toBe(0);
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "olderThan removes older checkpoints but never the latest of a namespace",
      async () => {
        const threadId = freshThreadId();
        const rootIds = newestFirst(await putChain(saver(), threadId, "", 3));
        const childIds = newestFirst(await putChain(saver(), threadId, "child", 2));

        const longAgo = Date.now() - 24 * 60 * 60 * 1000;
        expect((await pruning().prune({ threadId, olderThan: longAgo })).deletedCheckpoints).toBe(
          0,
        );
        expect(await listedIds(saver(), threadId, "")).toEqual(rootIds);

        const inAMinute = new Date(Date.now() + 60_000);
        const result = await pruning().prune({ threadId, olderThan: inAMinute });
        expect(result.deletedCheckpoints).toBe(2 + 1);
        expect(await listedIds(saver(), threadId, "")).toEqual(rootIds.slice(0, 1));
        expect(await listedIds(saver(), threadId, "child")).toEqual(childIds.slice(0, 1));
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "without keepLatest and olderThan it refuses with InvalidConfigError and deletes nothing",
      async () => {
        const threadId = freshThreadId();
        const ids = newestFirst(await putChain(saver(), threadId, "", 2));
        let error: unknown;
        try {
          await pruning().prune({ threadId });
        } catch (caught) {
          error = caught;
        }
        expect(InvalidConfigError.isInstance(error)).toBe(true);
        expect(await listedIds(saver(), threadId, "")).toEqual(ids);
      },
      SPEC_TIMEOUT_MS,
    );

    describe("without threadId", () => {
      const ownSaver = useSaver(harness);

      it(
        "applies to every thread",
        async () => {
          const threadIds = [freshThreadId(), freshThreadId(), freshThreadId()];
          const latestIds: string[] = [];
          for (const threadId of threadIds) {
            latestIds.push(newestFirst(await putChain(ownSaver(), threadId, "", 3))[0]!);
          }
          const result = await (ownSaver() as PruningSaver).prune({ keepLatest: 1 });
          expect(result.deletedCheckpoints).toBe(threadIds.length * 2);
          for (const [index, threadId] of threadIds.entries()) {
            expect(await listedIds(ownSaver(), threadId, "")).toEqual([latestIds[index]]);
          }
        },
        SPEC_TIMEOUT_MS,
      );
    });
  });
}
