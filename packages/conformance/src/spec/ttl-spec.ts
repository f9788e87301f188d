import type { SaverCapabilities } from "../capabilities.js";
import type { SaverHarness } from "../harness.js";
import { describeWhen } from "./capability-gate.js";
import {
  collect,
  freshThreadId,
  makeCheckpoint,
  putCheckpoint,
  threadConfig,
  useSaver,
  waitUntil,
} from "./fixtures.js";

const TTL_SECONDS = 1;
/** Generous: backends expire lazily or on a sweep; the spec passes as soon as the data is gone. */
const EXPIRY_WAIT_MS = 15_000;

/** With `ttlSeconds`, a thread's checkpoints and writes disappear without further writes. */
export function ttlSpec(harness: SaverHarness, capabilities: SaverCapabilities): void {
  describeWhen(capabilities, "ttl", "ttl", () => {
    const saver = useSaver(harness, { ttlSeconds: TTL_SECONDS });

    it(
      `checkpoints and writes are gone after a TTL of ${TTL_SECONDS} s`,
      async () => {
        const threadId = freshThreadId();
        const checkpoint = makeCheckpoint({ value: "expires" });
        const config = await putCheckpoint(saver(), threadConfig(threadId), checkpoint);
        await saver().putWrites(config, [["value", "pending"]], "task");
        await putCheckpoint(saver(), threadConfig(threadId, "child"), makeCheckpoint());
        expect((await saver().getTuple(config))?.checkpoint.id).toBe(checkpoint.id);

        const expired = await waitUntil(
          async () => {
            const listed = await collect(saver().list({ configurable: { thread_id: threadId } }));
            return listed.length === 0;
          },
          EXPIRY_WAIT_MS,
          250,
        );
        expect(expired).toBe(true);
        expect(await saver().getTuple(config)).toBeUndefined();
        expect(await saver().getTuple(threadConfig(threadId, "child"))).toBeUndefined();

        // The writes expired with their checkpoint: putting it again shows none.
        const again = await putCheckpoint(saver(), threadConfig(threadId), checkpoint);
        expect((await saver().getTuple(again))?.pendingWrites).toEqual([]);
      },
      EXPIRY_WAIT_MS + 10_000,
    );
  });
}
