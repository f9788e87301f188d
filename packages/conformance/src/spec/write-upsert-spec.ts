import { ERROR, INTERRUPT, RESUME } from "@langchain/langgraph-checkpoint";
import type { SaverCapabilities } from "../capabilities.js";
import type { SaverHarness } from "../harness.js";
import {
  freshThreadId,
  makeCheckpoint,
  putCheckpoint,
  SPEC_TIMEOUT_MS,
  threadConfig,
  useSaver,
} from "./fixtures.js";

/** Special writes (channels of `WRITES_IDX_MAP`) upsert; regular writes are insert-if-absent. */
export function writeUpsertSpec(harness: SaverHarness, _capabilities: SaverCapabilities): void {
  describe("putWrites upsert rules", () => {
    const saver = useSaver(harness);

    async function freshCheckpoint() {
      return putCheckpoint(saver(), threadConfig(freshThreadId()), makeCheckpoint({ seed: 1 }));
    }

    it.each([ERROR, INTERRUPT, RESUME])(
      "a second putWrites to special channel %s of the same task replaces the first",
      async (channel) => {
        const config = await freshCheckpoint();
        await saver().putWrites(config, [[channel, "first"]], "task-1", "~__pregel_pull, a");
        await saver().putWrites(config, [[channel, "second"]], "task-1", "~__pregel_pull, a");
        const tuple = await saver().getTuple(config);
        expect(tuple?.pendingWrites).toEqual([["task-1", channel, "second"]]);
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "special writes of different tasks do not replace each other",
      async () => {
        const config = await freshCheckpoint();
        await saver().putWrites(config, [[ERROR, "error of a"]], "task-a", "~__pregel_pull, a");
        await saver().putWrites(config, [[ERROR, "error of b"]], "task-b", "~__pregel_pull, b");
        await saver().putWrites(
          config,
          [[ERROR, "error of a, again"]],
          "task-a",
          "~__pregel_pull, a",
        );
        const tuple = await saver().getTuple(config);
        expect(tuple?.pendingWrites).toEqual([
          ["task-a", ERROR, "error of a, again"],
          ["task-b", ERROR, "error of b"],
        ]);
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "a second putWrites with the same (task, idx) keeps the first regular write and adds new indexes",
      async () => {
        const config = await freshCheckpoint();
        await saver().putWrites(config, [["messages", "first"]], "task-1", "~__pregel_pull, a");
        await saver().putWrites(
          config,
          [
            ["messages", "second"],
            ["other", "new index"],
          ],
          "task-1",
          "~__pregel_pull, a",
        );
        const tuple = await saver().getTuple(config);
        expect(tuple?.pendingWrites).toEqual([
          ["task-1", "messages", "first"],
          ["task-1", "other", "new index"],
        ]);
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "the same regular write of another task is stored separately",
      async () => {
        const config = await freshCheckpoint();
        await saver().putWrites(config, [["messages", "of a"]], "task-a", "~__pregel_pull, a");
        await saver().putWrites(config, [["messages", "of b"]], "task-b", "~__pregel_pull, a");
        const tuple = await saver().getTuple(config);
        expect(tuple?.pendingWrites).toEqual([
          ["task-a", "messages", "of a"],
          ["task-b", "messages", "of b"],
        ]);
      },
      SPEC_TIMEOUT_MS,
    );
  });
}
