import type { SaverCapabilities } from "../capabilities.js";
import type { SaverHarness } from "../harness.js";
import {
  checkpointConfig,
  collect,
  freshThreadId,
  makeCheckpoint,
  putCheckpoint,
  SPEC_TIMEOUT_MS,
  threadConfig,
  useSaver,
} from "./fixtures.js";

const NAMESPACES = ["", "child", "child|grandchild"];

/** `deleteThread` removes every namespace of one thread, with its writes, and nothing else. */
export function deleteThreadSpec(harness: SaverHarness, _capabilities: SaverCapabilities): void {
  describe("deleteThread", () => {
    const saver = useSaver(harness);

    /** Two checkpoints with writes in every namespace; returns the ids by namespace. */
    async function populate(threadId: string): Promise<Map<string, string[]>> {
      const idsByNamespace = new Map<string, string[]>();
      for (const checkpointNs of NAMESPACES) {
        let config = threadConfig(threadId, checkpointNs);
        const ids: string[] = [];
        for (let step = 0; step < 2; step += 1) {
          const checkpoint = makeCheckpoint({ owner: threadId, step });
          config = await putCheckpoint(saver(), config, checkpoint);
          await saver().putWrites(config, [["owner", threadId]], `task-${step}`);
          ids.push(checkpoint.id);
        }
        idsByNamespace.set(checkpointNs, ids);
      }
      return idsByNamespace;
    }

    it(
      "removes all namespaces and writes of the thread and leaves other threads intact",
      async () => {
        const doomed = freshThreadId("doomed");
        // A thread whose id extends the deleted one: a prefix-based delete would take it too.
        const survivors = [freshThreadId("survivor"), `${doomed}-suffix`];
        const doomedIds = await populate(doomed);
        const survivorIds = new Map<string, Map<string, string[]>>();
        for (const survivor of survivors) survivorIds.set(survivor, await populate(survivor));

        await saver().deleteThread(doomed);

        for (const checkpointNs of NAMESPACES) {
          expect(await saver().getTuple(threadConfig(doomed, checkpointNs))).toBeUndefined();
          for (const id of doomedIds.get(checkpointNs)!) {
            expect(
              await saver().getTuple(checkpointConfig(doomed, checkpointNs, id)),
            ).toBeUndefined();
          }
        }
        expect(await collect(saver().list({ configurable: { thread_id: doomed } }))).toEqual([]);
        const everywhere = await collect(saver().list({}));
        expect(
          everywhere.filter((tuple) => tuple.config.configurable?.thread_id === doomed),
        ).toEqual([]);

        for (const survivor of survivors) {
          const listed = await collect(saver().list({ configurable: { thread_id: survivor } }));
          expect(listed).toHaveLength(NAMESPACES.length * 2);
          for (const checkpointNs of NAMESPACES) {
            const [, latestId] = survivorIds.get(survivor)!.get(checkpointNs)!;
            const latest = await saver().getTuple(threadConfig(survivor, checkpointNs));
            expect(latest?.checkpoint.id).toBe(latestId);
            expect(latest?.pendingWrites).toEqual([["task-1", "owner", survivor]]);
          }
        }
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "leaves no orphaned writes: a checkpoint put again under the same id has no pending writes",
      async () => {
        const threadId = freshThreadId();
        const checkpoint = makeCheckpoint({ step: 0 });
        const config = await putCheckpoint(saver(), threadConfig(threadId), checkpoint);
        await saver().putWrites(config, [["messages", "before delete"]], "task");
        await saver().deleteThread(threadId);
        const again = await putCheckpoint(saver(), threadConfig(threadId), checkpoint);
        const tuple = await saver().getTuple(again);
        expect(tuple?.checkpoint.id).toBe(checkpoint.id);
        expect(tuple?.pendingWrites).toEqual([]);
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "deleting a thread that does not exist succeeds and changes nothing",
      async () => {
        const existing = freshThreadId();
        await populate(existing);
        await saver().deleteThread(freshThreadId("never-written"));
        const listed = await collect(saver().list({ configurable: { thread_id: existing } }));
        expect(listed).toHaveLength(NAMESPACES.length * 2);
      },
      SPEC_TIMEOUT_MS,
    );
  });
}
