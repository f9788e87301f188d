import { ALLOW_FORK_KEY, CheckpointConflictError } from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { SaverHarness } from "../../harness.js";
import {
  checkpointConfig,
  freshThreadId,
  makeMetadata,
  SPEC_TIMEOUT_MS,
  threadConfig,
} from "../fixtures.js";
import { useHarnessLifecycle } from "../harness-lifecycle.js";
import {
  expectConflict,
  expectedHistory,
  type LeaseSaver,
  putValue,
  refusal,
  storedIds,
  uniqueCheckpoint,
  useFencedSaver,
  type WriteFenceSpecOptions,
} from "./lease-spec-support.js";

function allowFork(config: RunnableConfig): RunnableConfig {
  return { configurable: { ...config.configurable, [ALLOW_FORK_KEY]: true } };
}

/**
 * The contract of `concurrency: "optimistic"`: a `put` lands only if its parent is the
 * namespace's latest checkpoint (no parent: only while the namespace has none), or if it is
 * that latest checkpoint already (a retried put). Anything else is refused with
 * `CheckpointConflictError` and stores nothing, unless the config sets `checkpointkit_allow_fork`.
 */
export function describeOptimisticConcurrency<S extends LeaseSaver>(
  harness: SaverHarness<S>,
  options: WriteFenceSpecOptions<S>,
): void {
  describe(`optimistic concurrency: ${harness.name}`, () => {
    useHarnessLifecycle(harness);
    const saver = useFencedSaver(harness, options, { concurrency: "optimistic" });

    it(
      "of two puts from the same parent, the second is refused and stores nothing",
      async () => {
        const threadId = freshThreadId();
        const root = await putValue(saver(), threadConfig(threadId), "root");
        const winner = await putValue(saver(), checkpointConfig(threadId, "", root), "winner");
        const loser = uniqueCheckpoint("loser");
        const error = await refusal(() =>
          saver().put(
            checkpointConfig(threadId, "", root),
            loser,
            makeMetadata(),
            loser.channel_versions,
          ),
        );
        expect(CheckpointConflictError.isInstance(error)).toBe(true);
        expect(await storedIds(saver(), threadId)).toEqual(
          expectedHistory(options, [winner, root]),
        );
        expect(await saver().getTuple(checkpointConfig(threadId, "", loser.id))).toBeUndefined();
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "a put without parent lands only on a namespace that has no checkpoint yet",
      async () => {
        const threadId = freshThreadId();
        const first = await putValue(saver(), threadConfig(threadId), "first");
        await expectConflict(() => putValue(saver(), threadConfig(threadId), "second first"));
        // Namespaces are independent: the child's first put has no parent either.
        const child = await putValue(saver(), threadConfig(threadId, "child"), "child");
        expect(await storedIds(saver(), threadId)).toEqual([first]);
        expect(await storedIds(saver(), threadId, "child")).toEqual([child]);
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "a retried put of the latest checkpoint lands again (same parent, same id)",
      async () => {
        const threadId = freshThreadId();
        const root = await putValue(saver(), threadConfig(threadId), "root");
        const next = uniqueCheckpoint("next");
        const parent = checkpointConfig(threadId, "", root);
        await saver().put(parent, next, makeMetadata(), next.channel_versions);
        await saver().put(parent, next, makeMetadata(), next.channel_versions);
        expect(await storedIds(saver(), threadId)).toEqual(
          expectedHistory(options, [next.id, root]),
        );
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      `a deliberate fork (time travel, updateState on an old checkpoint) needs ${ALLOW_FORK_KEY}`,
      async () => {
        const threadId = freshThreadId();
        const root = await putValue(saver(), threadConfig(threadId), "root");
        const head = await putValue(saver(), checkpointConfig(threadId, "", root), "head");
        await expectConflict(() => putValue(saver(), checkpointConfig(threadId, "", root), "fork"));
        const fork = await putValue(
          saver(),
          allowFork(checkpointConfig(threadId, "", root)),
          "fork",
        );
        expect(await storedIds(saver(), threadId)).toEqual(
          expectedHistory(options, [fork, head, root]),
        );
        // The fork is the latest now: puts continue from it, and not from the old head.
        await expectConflict(() =>
          putValue(saver(), checkpointConfig(threadId, "", head), "stale"),
        );
        await putValue(saver(), checkpointConfig(threadId, "", fork), "after fork");
      },
      SPEC_TIMEOUT_MS,
    );

    // With history "latest" the older checkpoint is gone, and so are writes to it.
    const whenHistoryKept = options.history === "latest" ? it.skip : it;
    whenHistoryKept(
      `putWrites are not checked against the latest checkpoint${
        options.history === "latest" ? ' [skipped: history "latest" keeps no older checkpoint]' : ""
      }`,
      async () => {
        const threadId = freshThreadId();
        const root = await putValue(saver(), threadConfig(threadId), "root");
        await putValue(saver(), checkpointConfig(threadId, "", root), "head");
        await saver().putWrites(checkpointConfig(threadId, "", root), [["value", "w"]], "t");
        const tuple = await saver().getTuple(checkpointConfig(threadId, "", root));
        expect(tuple?.pendingWrites?.map(([, , value]) => value)).toEqual(["w"]);
      },
      SPEC_TIMEOUT_MS,
    );
  });
}
