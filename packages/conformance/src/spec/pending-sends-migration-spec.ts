import { type Checkpoint, TASKS } from "@langchain/langgraph-checkpoint";
import type { SaverCapabilities } from "../capabilities.js";
import type { SaverHarness } from "../harness.js";
import {
  collect,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  SPEC_TIMEOUT_MS,
  threadConfig,
  useSaver,
} from "./fixtures.js";

function withFormatVersion(checkpoint: Checkpoint, formatVersion: number): Checkpoint {
  return { ...checkpoint, v: formatVersion };
}

/**
 * Checkpoints of format v < 4 kept their pending sends as TASKS writes of the parent
 * checkpoint; on read they get them back as `channel_values[TASKS]`, with a TASKS version
 * equal to the highest version among the checkpoint's channels (as `MemorySaver` and
 * LangGraph's own savers do).
 */
export function pendingSendsMigrationSpec(
  harness: SaverHarness,
  _capabilities: SaverCapabilities,
): void {
  describe("pending sends migration (checkpoint format v < 4)", () => {
    const saver = useSaver(harness);

    /** A parent with TASKS writes of two tasks (task ids in sorted order) and one other write. */
    async function parentWithSends(threadId: string, checkpointNs: string) {
      const parent = withFormatVersion(makeCheckpoint({ x: "X" }, { x: 2, y: 1 }), 3);
      const parentConfig = await saver().put(
        threadConfig(threadId, checkpointNs),
        parent,
        makeMetadata({ step: 0 }),
        { x: 2, y: 1 },
      );
      await saver().putWrites(
        parentConfig,
        [
          [TASKS, { node: "billing", args: { case: 8842 } }],
          ["x", "not a send"],
          [TASKS, "send-2"],
        ],
        "task-1",
      );
      await saver().putWrites(parentConfig, [[TASKS, "send-3"]], "task-2");
      return parentConfig;
    }

    const expectedSends = [{ node: "billing", args: { case: 8842 } }, "send-2", "send-3"];

    it.each(["", "child"])(
      "a v3 checkpoint whose parent has TASKS writes reads back the sends as channel_values[TASKS] (namespace %j)",
      async (checkpointNs) => {
        const threadId = freshThreadId();
        const parentConfig = await parentWithSends(threadId, checkpointNs);
        const child = withFormatVersion(makeCheckpoint({ x: "X" }, { x: 2, y: 1 }), 3);
        const childConfig = await saver().put(parentConfig, child, makeMetadata({ step: 1 }), {});

        for (const tuple of [
          await saver().getTuple(childConfig),
          await saver().getTuple(threadConfig(threadId, checkpointNs)),
          (await collect(saver().list(threadConfig(threadId, checkpointNs), { limit: 1 })))[0],
        ]) {
          expect(tuple?.checkpoint.id).toBe(child.id);
          expect(tuple?.checkpoint.channel_values).toEqual({ x: "X", [TASKS]: expectedSends });
          expect(tuple?.checkpoint.channel_versions).toEqual({ x: 2, y: 1, [TASKS]: 2 });
        }
        // The parent itself is not migrated and keeps its writes.
        const parent = await saver().getTuple(parentConfig);
        expect(parent?.checkpoint.channel_values).toEqual({ x: "X" });
        expect(parent?.pendingWrites).toHaveLength(4);
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "a v3 checkpoint without versions gets a TASKS version anyway",
      async () => {
        const threadId = freshThreadId();
        const parent = withFormatVersion(makeCheckpoint(), 3);
        const parentConfig = await saver().put(threadConfig(threadId), parent, makeMetadata(), {});
        await saver().putWrites(parentConfig, [[TASKS, "send-1"]], "task-1");
        const child = withFormatVersion(makeCheckpoint(), 3);
        const childConfig = await saver().put(parentConfig, child, makeMetadata({ step: 1 }), {});
        const tuple = await saver().getTuple(childConfig);
        expect(tuple?.checkpoint.channel_values).toEqual({ [TASKS]: ["send-1"] });
        expect(tuple?.checkpoint.channel_versions[TASKS]).toBeDefined();
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "a v4 checkpoint is not migrated, nor is a v3 checkpoint without a parent",
      async () => {
        const threadId = freshThreadId();
        const parentConfig = await parentWithSends(threadId, "");
        const parentTuple = await saver().getTuple(parentConfig);
        expect(parentTuple?.checkpoint.channel_values).toEqual({ x: "X" });
        expect(parentTuple?.checkpoint.channel_versions).toEqual({ x: 2, y: 1 });

        const current = makeCheckpoint({ x: "X" }, { x: 2, y: 1 });
        const currentConfig = await saver().put(
          parentConfig,
          current,
          makeMetadata({ step: 1 }),
          {},
        );
        const tuple = await saver().getTuple(currentConfig);
        expect(tuple?.checkpoint.v).toBe(4);
        expect(tuple?.checkpoint.channel_values).toEqual({ x: "X" });
        expect(tuple?.checkpoint.channel_versions).toEqual({ x: 2, y: 1 });
      },
      SPEC_TIMEOUT_MS,
    );
  });
}
