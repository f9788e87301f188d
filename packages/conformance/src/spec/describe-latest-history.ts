import { InvalidConfigError } from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { BaseCheckpointSaver, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import type { SaverHarness } from "../harness.js";
import {
  checkpointConfig,
  checkpointIdsOf,
  collect,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  newCheckpointId,
  SPEC_TIMEOUT_MS,
  threadConfig,
  useSaver,
} from "./fixtures.js";
import { useHarnessLifecycle } from "./harness-lifecycle.js";

/** What `describeLatestHistory` needs beyond a harness whose savers run `history: "latest"`. */
export interface LatestHistorySpecOptions {
  /**
   * Constructs a saver of the backend with `history` set to the given value (and whatever
   * else it needs), so the spec can check that anything but "full"/"latest" is refused with
   * `InvalidConfigError`. It may throw; it is never used for storage.
   */
  constructWithHistory(history: unknown): unknown;
}

const NAMESPACES = ["", "child"];

/**
 * Puts `count` checkpoints one after another in one namespace, each the parent of the next.
 * `steady` keeps the version (and value) it had at the first put: later puts name only
 * `step` in `newVersions`, so `steady` is only stored once and must stay readable.
 */
async function putSteps(
  saver: BaseCheckpointSaver,
  threadId: string,
  checkpointNs: string,
  count: number,
): Promise<RunnableConfig[]> {
  const configs: RunnableConfig[] = [];
  let config = threadConfig(threadId, checkpointNs);
  for (let step = 0; step < count; step += 1) {
    const checkpoint = makeCheckpoint(
      { steady: `set once in ${checkpointNs || "root"}`, step },
      { steady: 1, step: step + 1 },
    );
    const newVersions = step === 0 ? checkpoint.channel_versions : { step: step + 1 };
    config = await saver.put(config, checkpoint, makeMetadata({ step }), newVersions);
    configs.push(config);
  }
  return configs;
}

function idOf(config: RunnableConfig | undefined): string {
  return config?.configurable?.checkpoint_id as string;
}

async function refusal(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  return undefined;
}

/**
 * The contract of `history: "latest"`, for every saver that offers it: each (thread,
 * namespace) holds only its newest checkpoint, with that checkpoint's pending writes and
 * the channel values it references. Call it at the top level of a test file with a harness
 * whose `create()` returns savers configured with `history: "latest"`. Storage size is not
 * checked here (each saver's own test counts its rows or keys), nor is a LangGraph run
 * (this package does not depend on LangGraph; each saver's test runs an interrupted graph).
 */
export function describeLatestHistory(
  harness: SaverHarness,
  options: LatestHistorySpecOptions,
): void {
  describe(`history "latest": ${harness.name}`, () => {
    useHarnessLifecycle(harness);
    // Nested, so the saver is destroyed before the harness's afterAll (declaration order).
    describe("one saver", () => {
      const saver = useSaver(harness);

      it(
        "list yields exactly the newest checkpoint of each namespace after many puts",
        async () => {
          const threadId = freshThreadId();
          const latest = new Map<string, string>();
          for (const checkpointNs of NAMESPACES) {
            latest.set(
              checkpointNs,
              idOf((await putSteps(saver(), threadId, checkpointNs, 6)).at(-1)),
            );
          }
          const everything = await collect(saver().list({ configurable: { thread_id: threadId } }));
          expect(checkpointIdsOf(everything).sort()).toEqual([...latest.values()].sort());
          for (const checkpointNs of NAMESPACES) {
            const listed = await collect(saver().list(threadConfig(threadId, checkpointNs)));
            expect(checkpointIdsOf(listed)).toEqual([latest.get(checkpointNs)]);
          }
        },
        SPEC_TIMEOUT_MS,
      );

      it(
        "getTuple returns the newest checkpoint with its pending writes and values set long ago",
        async () => {
          const threadId = freshThreadId();
          const configs = await putSteps(saver(), threadId, "", 12);
          const newest = configs.at(-1)!;
          await saver().putWrites(newest, [["step", "pending"]], "task-1", "~__pregel_pull, node");
          const tuple = await saver().getTuple(threadConfig(threadId));
          expect(tuple?.checkpoint.id).toBe(idOf(newest));
          expect(tuple?.checkpoint.channel_values).toEqual({
            steady: "set once in root",
            step: 11,
          });
          expect(tuple?.pendingWrites).toEqual([["task-1", "step", "pending"]]);
          expect((await saver().getTuple(newest))?.pendingWrites).toEqual(tuple?.pendingWrites);
        },
        SPEC_TIMEOUT_MS,
      );

      it(
        "a superseded checkpoint is gone: getTuple by its id is undefined, its writes do not follow",
        async () => {
          const threadId = freshThreadId();
          const [first] = await putSteps(saver(), threadId, "", 1);
          await saver().putWrites(first!, [["step", "for the first"]], "task-old");
          const [, second] = await putSteps(saver(), threadId, "", 2);
          expect(await saver().getTuple(first!)).toBeUndefined();
          const tuple = await saver().getTuple(threadConfig(threadId));
          expect(tuple?.checkpoint.id).toBe(idOf(second));
          expect(tuple?.pendingWrites).toEqual([]);
        },
        SPEC_TIMEOUT_MS,
      );

      it(
        "writes sent to a superseded checkpoint are accepted and dropped, never resurrected",
        async () => {
          const threadId = freshThreadId();
          const [older, newer] = await putSteps(saver(), threadId, "", 2);
          // LangGraph does not wait for a step's putWrites before storing the next checkpoint.
          await expect(saver().putWrites(older!, [["step", "late"]], "late-task")).resolves.toBe(
            undefined,
          );
          expect(await saver().getTuple(older!)).toBeUndefined();
          const tuple = await saver().getTuple(threadConfig(threadId));
          expect(tuple?.checkpoint.id).toBe(idOf(newer));
          expect(tuple?.pendingWrites).toEqual([]);
        },
        SPEC_TIMEOUT_MS,
      );

      it(
        "writes sent to the next checkpoint before its put are kept by that put",
        async () => {
          const threadId = freshThreadId();
          const [current] = await putSteps(saver(), threadId, "", 1);
          const next = makeCheckpoint({ step: "next" }, { step: 9 }, newCheckpointId());
          const nextConfig = checkpointConfig(threadId, "", next.id);
          await saver().putWrites(nextConfig, [["step", "early"]], "early-task");
          await saver().put(current!, next, makeMetadata({ step: 1 }), { step: 9 });
          const tuple = await saver().getTuple(threadConfig(threadId));
          expect(tuple?.checkpoint.id).toBe(next.id);
          expect(tuple?.pendingWrites).toEqual([["early-task", "step", "early"]]);
        },
        SPEC_TIMEOUT_MS,
      );

      it(
        "a put older than the stored checkpoint does not replace it",
        async () => {
          const threadId = freshThreadId();
          const olderId = newCheckpointId();
          const [newest] = await putSteps(saver(), threadId, "", 1);
          const stale = makeCheckpoint({ step: "stale" }, { step: 7 }, olderId);
          await saver().put(threadConfig(threadId), stale, makeMetadata(), { step: 7 });
          const listed = await collect(saver().list(threadConfig(threadId)));
          expect(checkpointIdsOf(listed)).toEqual([idOf(newest)]);
          expect(listed[0]?.checkpoint.channel_values).toEqual({
            steady: "set once in root",
            step: 0,
          });
        },
        SPEC_TIMEOUT_MS,
      );

      it(
        "a reader racing the puts always finds a complete checkpoint",
        async () => {
          const threadId = freshThreadId();
          await putSteps(saver(), threadId, "", 1);
          let writing = true;
          const reads: (CheckpointTuple | undefined)[] = [];
          const reader = (async () => {
            while (writing) reads.push(await saver().getTuple(threadConfig(threadId)));
          })();
          try {
            await putSteps(saver(), threadId, "", 25);
          } finally {
            writing = false;
          }
          await reader;
          expect(reads.length).toBeGreaterThan(0);
          for (const tuple of reads) {
            expect(tuple?.checkpoint.channel_values.steady).toBe("set once in root");
          }
        },
        SPEC_TIMEOUT_MS,
      );

      it(
        "a checkpoint LangGraph would rebuild from deleted ancestors (DeltaChannel) is refused",
        async () => {
          const threadId = freshThreadId();
          const [stored] = await putSteps(saver(), threadId, "", 1);
          const delta = makeCheckpoint({}, { messages: 2 });
          const metadata = makeMetadata({ counters_since_delta_snapshot: { messages: [1, 1] } });
          const error = await refusal(() => saver().put(stored!, delta, metadata, { messages: 2 }));
          expect(InvalidConfigError.isInstance(error)).toBe(true);
          expect((await saver().getTuple(threadConfig(threadId)))?.checkpoint.id).toBe(
            idOf(stored),
          );
        },
        SPEC_TIMEOUT_MS,
      );

      it(
        "deleteThread removes the thread",
        async () => {
          const threadId = freshThreadId();
          for (const checkpointNs of NAMESPACES) await putSteps(saver(), threadId, checkpointNs, 3);
          await saver().deleteThread(threadId);
          expect(await collect(saver().list({ configurable: { thread_id: threadId } }))).toEqual(
            [],
          );
        },
        SPEC_TIMEOUT_MS,
      );

      it("refuses a history mode other than full or latest with InvalidConfigError", async () => {
        for (const history of ["shallow", "", "LATEST", 1, null]) {
          const error = await refusal(() => options.constructWithHistory(history));
          expect(InvalidConfigError.isInstance(error)).toBe(true);
          expect((error as InvalidConfigError).field).toBe("history");
        }
      });
    });
  });
}
