import type { RunnableConfig } from "@langchain/core/runnables";
import type { BaseCheckpointSaver, Checkpoint } from "@langchain/langgraph-checkpoint";
import type { SaverCapabilities } from "../capabilities.js";
import type { SaverHarness } from "../harness.js";
import { itWhen } from "./capability-gate.js";
import {
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  SPEC_TIMEOUT_MS,
  threadConfig,
  useSaver,
} from "./fixtures.js";

/** `put` with explicit `newVersions` (the channels this checkpoint changed). */
async function putWithNewVersions(
  saver: BaseCheckpointSaver,
  parentConfig: RunnableConfig,
  checkpoint: Checkpoint,
  newVersions: Record<string, number | string>,
): Promise<RunnableConfig> {
  return saver.put(parentConfig, checkpoint, makeMetadata(), newVersions);
}

/** `put` stores the channels named in `newVersions`; reads rebuild values from `channel_versions`. */
export function channelVersionsSpec(harness: SaverHarness, capabilities: SaverCapabilities): void {
  describe("channel versions", () => {
    const saver = useSaver(harness);

    it(
      "each checkpoint reads back every channel at its own version when later ones change one channel",
      async () => {
        const threadId = freshThreadId();
        const first = makeCheckpoint({ a: "A1", b: "B1" }, { a: 1, b: 1 });
        const second = makeCheckpoint({ a: "A1", b: "B2" }, { a: 1, b: 2 });
        const third = makeCheckpoint({ a: "A3", b: "B2" }, { a: 3, b: 2 });
        const firstConfig = await putWithNewVersions(saver(), threadConfig(threadId), first, {
          a: 1,
          b: 1,
        });
        const secondConfig = await putWithNewVersions(saver(), firstConfig, second, { b: 2 });
        const thirdConfig = await putWithNewVersions(saver(), secondConfig, third, { a: 3 });

        for (const [config, checkpoint] of [
          [firstConfig, first],
          [secondConfig, second],
          [thirdConfig, third],
        ] as const) {
          const tuple = await saver().getTuple(config);
          expect(tuple?.checkpoint.channel_values).toEqual(checkpoint.channel_values);
          expect(tuple?.checkpoint.channel_versions).toEqual(checkpoint.channel_versions);
        }
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "a channel named in newVersions but absent from channel_values reads back absent",
      async () => {
        const threadId = freshThreadId();
        const first = makeCheckpoint({ a: "A1", b: "B1" }, { a: 1, b: 1 });
        const firstConfig = await putWithNewVersions(saver(), threadConfig(threadId), first, {
          a: 1,
          b: 1,
        });
        const cleared = makeCheckpoint({ a: "A1" }, { a: 1, b: 2 });
        const clearedConfig = await putWithNewVersions(saver(), firstConfig, cleared, { b: 2 });
        const tuple = await saver().getTuple(clearedConfig);
        expect(tuple?.checkpoint.channel_values).toEqual({ a: "A1" });
        expect(tuple?.checkpoint.channel_versions).toEqual({ a: 1, b: 2 });
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "string channel versions round-trip with their type",
      async () => {
        const versions = { a: "00000000000000000000000000000001.0.4128", b: "2" };
        const checkpoint = makeCheckpoint({ a: "A", b: "B" }, versions);
        const config = await putWithNewVersions(
          saver(),
          threadConfig(freshThreadId()),
          checkpoint,
          versions,
        );
        const tuple = await saver().getTuple(config);
        expect(tuple?.checkpoint.channel_versions).toEqual(versions);
        expect(tuple?.checkpoint.channel_values).toEqual({ a: "A", b: "B" });
      },
      SPEC_TIMEOUT_MS,
    );

    const itStoresOnlyNewVersions = itWhen(capabilities, "storesOnlyNewVersions");

    itStoresOnlyNewVersions(
      "channels missing from a later put's channel_values are read from the version stored earlier",
      async () => {
        const threadId = freshThreadId();
        const first = makeCheckpoint({ a: "A1", b: "B1" }, { a: 1, b: 1 });
        const firstConfig = await putWithNewVersions(saver(), threadConfig(threadId), first, {
          a: 1,
          b: 1,
        });
        // Only the changed channel is passed, as a saver-aware caller may do.
        const second = makeCheckpoint({ b: "B2" }, { a: 1, b: 2 });
        const secondConfig = await putWithNewVersions(saver(), firstConfig, second, { b: 2 });
        const tuple = await saver().getTuple(secondConfig);
        expect(tuple?.checkpoint.channel_values).toEqual({ a: "A1", b: "B2" });
      },
      SPEC_TIMEOUT_MS,
    );

    itStoresOnlyNewVersions(
      "a channel value not named in newVersions is not stored: the earlier version's value wins",
      async () => {
        const threadId = freshThreadId();
        const first = makeCheckpoint({ a: "A1" }, { a: 1 });
        const firstConfig = await putWithNewVersions(saver(), threadConfig(threadId), first, {
          a: 1,
        });
        const second = makeCheckpoint({ a: "not stored", b: "B2" }, { a: 1, b: 1 });
        const secondConfig = await putWithNewVersions(saver(), firstConfig, second, { b: 1 });
        const tuple = await saver().getTuple(secondConfig);
        expect(tuple?.checkpoint.channel_values).toEqual({ a: "A1", b: "B2" });
      },
      SPEC_TIMEOUT_MS,
    );
  });
}
