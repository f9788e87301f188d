import { randomUUID } from "node:crypto";
import type { SaverCapabilities } from "../capabilities.js";
import type { SaverHarness } from "../harness.js";
import {
  checkpointConfig,
  checkpointIdsOf,
  collect,
  freshThreadId,
  newestFirst,
  putChain,
  SPEC_TIMEOUT_MS,
  threadConfig,
  useSaver,
} from "./fixtures.js";

/** `list`: order, no hidden limit, `limit`, `before`, metadata `filter`, namespaces, global listing. */
export function listSpec(harness: SaverHarness, _capabilities: SaverCapabilities): void {
  describe("list", () => {
    const saver = useSaver(harness);

    it(
      "returns the newest checkpoint_id first across 35 checkpoints",
      async () => {
        const threadId = freshThreadId();
        const ids = await putChain(saver(), threadId, "", 35);
        const listed = await collect(saver().list(threadConfig(threadId, "")));
        expect(checkpointIdsOf(listed)).toEqual(newestFirst(ids));
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "has no hidden default limit: 150 checkpoints all come back without `limit`",
      async () => {
        const threadId = freshThreadId();
        const ids = await putChain(saver(), threadId, "", 150);
        const listed = await collect(saver().list(threadConfig(threadId)));
        expect(listed).toHaveLength(150);
        expect(checkpointIdsOf(listed)).toEqual(newestFirst(ids));
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "`limit` returns the newest n; a limit above the count returns all",
      async () => {
        const threadId = freshThreadId();
        const ids = newestFirst(await putChain(saver(), threadId, "", 12));
        const firstFive = await collect(saver().list(threadConfig(threadId), { limit: 5 }));
        expect(checkpointIdsOf(firstFive)).toEqual(ids.slice(0, 5));
        const all = await collect(saver().list(threadConfig(threadId), { limit: 100 }));
        expect(checkpointIdsOf(all)).toEqual(ids);
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "`before` returns only strictly older checkpoints, newest first, and combines with `limit`",
      async () => {
        const threadId = freshThreadId();
        const ids = newestFirst(await putChain(saver(), threadId, "", 12));
        const before = checkpointConfig(threadId, "", ids[4]!);
        const older = await collect(saver().list(threadConfig(threadId), { before }));
        expect(checkpointIdsOf(older)).toEqual(ids.slice(5));
        const olderLimited = await collect(
          saver().list(threadConfig(threadId), { before, limit: 3 }),
        );
        expect(checkpointIdsOf(olderLimited)).toEqual(ids.slice(5, 8));
        const beforeOldest = checkpointConfig(threadId, "", ids[ids.length - 1]!);
        expect(
          await collect(saver().list(threadConfig(threadId), { before: beforeOldest })),
        ).toEqual([]);
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "metadata `filter` matches by equality on every key given",
      async () => {
        const threadId = freshThreadId();
        const ids = await putChain(saver(), threadId, "", 12, (index) => ({
          parity: index % 2 === 0 ? "even" : "odd",
          owner: index % 3 === 0 ? "alice" : "bob",
        }));
        const list = (filter: Record<string, unknown>) =>
          collect(saver().list(threadConfig(threadId), { filter }));
        const expectedIds = (predicate: (index: number) => boolean) =>
          newestFirst(ids.filter((_id, index) => predicate(index)));

        expect(checkpointIdsOf(await list({ parity: "even" }))).toEqual(
          expectedIds((index) => index % 2 === 0),
        );
        expect(checkpointIdsOf(await list({ parity: "even", owner: "alice" }))).toEqual(
          expectedIds((index) => index % 6 === 0),
        );
        expect(checkpointIdsOf(await list({ step: 7 }))).toEqual(
          expectedIds((index) => index === 7),
        );
        // A number and its string form are different values.
        expect(await list({ step: "7" })).toEqual([]);
        expect(await list({ parity: "even", owner: "nobody" })).toEqual([]);
        expect(await list({ missingKey: "x" })).toEqual([]);
        const filteredLimited = await collect(
          saver().list(threadConfig(threadId), { filter: { owner: "bob" }, limit: 2 }),
        );
        expect(checkpointIdsOf(filteredLimited)).toEqual(
          expectedIds((index) => index % 3 !== 0).slice(0, 2),
        );
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      'namespace undefined lists all namespaces; `""` the root only; a namespace never its prefixes\' siblings',
      async () => {
        const threadId = freshThreadId();
        const rootIds = await putChain(saver(), threadId, "", 3);
        const childIds = await putChain(saver(), threadId, "child", 2);
        const grandchildIds = await putChain(saver(), threadId, "child|grandchild", 2);
        const listNamespace = async (checkpointNs: string | undefined) =>
          checkpointIdsOf(
            await collect(
              saver().list({ configurable: { thread_id: threadId, checkpoint_ns: checkpointNs } }),
            ),
          );

        const everything = await listNamespace(undefined);
        expect([...everything].sort()).toEqual([...rootIds, ...childIds, ...grandchildIds].sort());
        expect(await listNamespace("")).toEqual(newestFirst(rootIds));
        expect(await listNamespace("child")).toEqual(newestFirst(childIds));
        expect(await listNamespace("child|grandchild")).toEqual(newestFirst(grandchildIds));
        expect(await listNamespace("chi")).toEqual([]);
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "without thread_id lists the checkpoints of every thread",
      async () => {
        const run = randomUUID();
        const threadIds = [freshThreadId(), freshThreadId(), freshThreadId()];
        const idsByThread = new Map<string, string[]>();
        for (const threadId of threadIds) {
          idsByThread.set(threadId, await putChain(saver(), threadId, "", 2, () => ({ run })));
        }
        const childIds = await putChain(saver(), threadIds[0]!, "child", 1, () => ({ run }));
        const allIds = [...idsByThread.values()].flat();

        const unfiltered = await collect(saver().list({}));
        const unfilteredIds = new Set(checkpointIdsOf(unfiltered));
        for (const id of [...allIds, ...childIds]) expect(unfilteredIds.has(id)).toBe(true);

        const ofRun = await collect(saver().list({}, { filter: { run } }));
        expect(checkpointIdsOf(ofRun).sort()).toEqual([...allIds, ...childIds].sort());
        for (const tuple of ofRun) {
          const threadId = tuple.config.configurable?.thread_id as string;
          const expectedIds =
            tuple.config.configurable?.checkpoint_ns === "child"
              ? childIds
              : idsByThread.get(threadId);
          expect(expectedIds).toContain(tuple.checkpoint.id);
        }

        const rootOfRun = await collect(
          saver().list({ configurable: { checkpoint_ns: "" } }, { filter: { run } }),
        );
        expect(checkpointIdsOf(rootOfRun).sort()).toEqual([...allIds].sort());
      },
      SPEC_TIMEOUT_MS,
    );
  });
}
