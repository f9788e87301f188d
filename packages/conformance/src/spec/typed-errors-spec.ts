import { InvalidConfigError } from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { SaverCapabilities } from "../capabilities.js";
import type { SaverHarness } from "../harness.js";
import { describeWhen } from "./capability-gate.js";
import {
  collect,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  putCheckpoint,
  SPEC_TIMEOUT_MS,
  threadConfig,
  useSaver,
} from "./fixtures.js";
import { errorOf } from "./input-contract/invalid-config-expectation.js";

function expectInvalidConfig(error: unknown): void {
  // `isInstance`, not `instanceof`: the saver may load its own copy of @checkpointkit/core.
  expect(InvalidConfigError.isInstance(error)).toBe(true);
}

const WITHOUT_THREAD_ID: readonly [string, RunnableConfig][] = [
  ["no configurable", {}],
  ["configurable without thread_id", { configurable: { checkpoint_ns: "" } }],
  ["thread_id null", { configurable: { thread_id: null, checkpoint_ns: "" } }],
];

/**
 * Bad configs are rejected with `InvalidConfigError` from @checkpointkit/core. A missing
 * thread id is an error for writes only: `getTuple` returns undefined (official spec) and
 * `list` lists every thread.
 */
export function typedErrorsSpec(harness: SaverHarness, capabilities: SaverCapabilities): void {
  describeWhen(capabilities, "typedErrors", "typed errors", () => {
    const saver = useSaver(harness);

    it.each(WITHOUT_THREAD_ID)(
      "put with %s → InvalidConfigError",
      async (_label, config) => {
        expectInvalidConfig(
          await errorOf(() => saver().put(config, makeCheckpoint(), makeMetadata(), {})),
        );
      },
      SPEC_TIMEOUT_MS,
    );

    // No getTuple case without thread_id: the official specs require `undefined` there.

    it(
      "getTuple and list with a thread_id that is not a string → InvalidConfigError",
      async () => {
        const config = { configurable: { thread_id: { not: "a string" }, checkpoint_ns: "" } };
        expectInvalidConfig(await errorOf(() => saver().getTuple(config)));
        expectInvalidConfig(await errorOf(() => collect(saver().list(config))));
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "putWrites without checkpoint_id or without thread_id → InvalidConfigError, nothing written",
      async () => {
        const threadId = freshThreadId();
        const stored = await putCheckpoint(saver(), threadConfig(threadId), makeCheckpoint());
        expectInvalidConfig(
          await errorOf(() => saver().putWrites(threadConfig(threadId), [["channel", 1]], "task")),
        );
        const withoutThread = {
          configurable: { checkpoint_ns: "", checkpoint_id: stored.configurable?.checkpoint_id },
        };
        expectInvalidConfig(
          await errorOf(() => saver().putWrites(withoutThread, [["channel", 1]], "task")),
        );
        const tuple = await saver().getTuple(stored);
        expect(tuple?.pendingWrites).toEqual([]);
      },
      SPEC_TIMEOUT_MS,
    );
  });
}
