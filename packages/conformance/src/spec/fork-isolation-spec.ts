import type { SaverHarness } from "../harness.js";
import {
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  SPEC_TIMEOUT_MS,
  threadConfig,
  useSaver,
} from "./fixtures.js";

/**
 * Time travel forks a thread from an older checkpoint; the fork then writes the same channels
 * again, with the versions the saver's own `getNextVersion` hands out. A saver that stores
 * values per (thread, namespace, channel, version) must not let the two branches share a
 * version, or each branch reads the other's values.
 */
export function forkIsolationSpec(harness: SaverHarness): void {
  describe("forks", () => {
    const saver = useSaver(harness);

    it(
      "keep each branch's own values when both write the same channel after the fork point",
      async () => {
        const threadId = freshThreadId();
        const base = saver().getNextVersion(undefined);
        const root = makeCheckpoint({ decision: "none" }, { decision: base });
        const rootConfig = await saver().put(threadConfig(threadId), root, makeMetadata(), {
          decision: base,
        });

        const originalVersion = saver().getNextVersion(base);
        const original = makeCheckpoint({ decision: "refund" }, { decision: originalVersion });
        const originalConfig = await saver().put(rootConfig, original, makeMetadata({ step: 1 }), {
          decision: originalVersion,
        });

        const forkVersion = saver().getNextVersion(base);
        const fork = makeCheckpoint({ decision: "escalate" }, { decision: forkVersion });
        const forkConfig = await saver().put(rootConfig, fork, makeMetadata({ step: 1 }), {
          decision: forkVersion,
        });

        const originalRead = await saver().getTuple(originalConfig);
        const forkRead = await saver().getTuple(forkConfig);
        expect(originalRead?.checkpoint.channel_values.decision).toBe("refund");
        expect(forkRead?.checkpoint.channel_values.decision).toBe("escalate");
        expect(forkRead?.parentConfig?.configurable?.checkpoint_id).toBe(root.id);
      },
      SPEC_TIMEOUT_MS,
    );
  });
}
