import { randomInt } from "node:crypto";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { SaverCapabilities } from "../../capabilities.js";
import {
  checkpointIdsOf,
  collect,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  newestFirst,
  putChain,
  SPEC_TIMEOUT_MS,
  threadConfig,
} from "../fixtures.js";
import type { PendingCaseGate } from "../pending-cases.js";
import { threadSnapshot } from "../thread-snapshot.js";
import { expectRefused } from "./invalid-config-expectation.js";

interface RetentionSaver extends BaseCheckpointSaver {
  copyThread(fromThreadId: unknown, toThreadId: unknown): Promise<void>;
  prune(options?: unknown): Promise<{ deletedCheckpoints: number }>;
}

/**
 * What every saver does alike with the arguments users pass most loosely (see "The API every
 * saver shares" in @checkpointkit/core's README): a finite number as a thread id names the
 * thread of its decimal string in every operation; `getTuple` with a `null` thread id finds
 * nothing, as with none; a bare `prune()` of a saver without `ttlSeconds` is refused.
 */
export function apiShapeCases(
  gate: PendingCaseGate,
  saver: () => BaseCheckpointSaver,
  capabilities: SaverCapabilities,
): void {
  const withRetention = () => saver() as RetentionSaver;

  gate.it(
    "number thread id",
    'thread_id 1234 and threadId 1234 name thread "1234" in put, putWrites, getTuple, list, copyThread, prune and deleteThread',
    async () => {
      // Random, so the thread is new even on a backend the harness does not empty.
      const numeric = randomInt(1_000_000_000, 2_000_000_000);
      const text = String(numeric);
      const ids = await putChain(saver(), text, "", 2);
      const third = makeCheckpoint({ counter: 2 });
      const numericParent = {
        configurable: { thread_id: numeric, checkpoint_ns: "", checkpoint_id: ids[1] },
      };
      const stored = await saver().put(
        numericParent,
        third,
        makeMetadata({ step: 2 }),
        third.channel_versions,
      );
      expect(stored.configurable?.thread_id).toBe(text);
      await saver().putWrites(
        { configurable: { ...stored.configurable, thread_id: numeric } },
        [["counter", 3]],
        "task",
      );
      const all = [...(ids as string[]), third.id];
      const latest = await saver().getTuple({ configurable: { thread_id: numeric } });
      expect(latest?.checkpoint.id).toBe(third.id);
      expect(latest?.pendingWrites).toEqual([["task", "counter", 3]]);
      expect(
        checkpointIdsOf(await collect(saver().list({ configurable: { thread_id: numeric } }))),
      ).toEqual(newestFirst(all));
      if (capabilities.copyThread) {
        const target = freshThreadId("copy-of-number");
        await withRetention().copyThread(numeric, target);
        expect((await saver().getTuple(threadConfig(target)))?.checkpoint.id).toBe(third.id);
      }
      if (capabilities.prune) {
        const pruned = await withRetention().prune({ threadId: numeric, keepLatest: 1 });
        expect(pruned.deletedCheckpoints).toBe(2);
      }
      await saver().deleteThread(numeric as unknown as string);
      expect(await saver().getTuple(threadConfig(text))).toBeUndefined();
    },
    SPEC_TIMEOUT_MS,
  );

  gate.it(
    "getTuple: thread_id null",
    "undefined, as without a thread id",
    async () => {
      await putChain(saver(), "null", "", 1);
      expect(await saver().getTuple({ configurable: { thread_id: null } })).toBeUndefined();
    },
    SPEC_TIMEOUT_MS,
  );

  if (capabilities.copyThread) {
    gate.it(
      "copyThread onto itself",
      "copyThread(t, t) leaves thread t as it was",
      async () => {
        const threadId = freshThreadId("self-copy");
        const ids = await putChain(saver(), threadId, "", 2);
        const before = await threadSnapshot(saver(), threadId);
        await withRetention().copyThread(threadId, threadId);
        expect(await threadSnapshot(saver(), threadId)).toEqual(before);
        expect(before).toHaveLength(ids.length);
      },
      SPEC_TIMEOUT_MS,
    );
  }

  if (capabilities.prune) {
    gate.it(
      "prune()",
      "a saver without ttlSeconds refuses prune without criteria (InvalidConfigError naming keepLatest), deleting nothing",
      async () => {
        const threadId = freshThreadId("bare-prune");
        const ids = await putChain(saver(), threadId, "", 2);
        await expectRefused(() => withRetention().prune(), /keepLatest/);
        await expectRefused(() => withRetention().prune({}), /keepLatest/);
        await expectRefused(() => withRetention().prune(null), /options/);
        expect(checkpointIdsOf(await collect(saver().list(threadConfig(threadId))))).toEqual(
          newestFirst(ids),
        );
      },
      SPEC_TIMEOUT_MS,
    );
  }
}
