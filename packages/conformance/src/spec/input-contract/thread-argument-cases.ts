import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { SaverCapabilities } from "../../capabilities.js";
import { freshThreadId, putChain, SPEC_TIMEOUT_MS } from "../fixtures.js";
import type { PendingCaseGate } from "../pending-cases.js";
import { threadSnapshot } from "../thread-snapshot.js";
import { expectRefused } from "./invalid-config-expectation.js";

interface ThreadArgumentSaver extends BaseCheckpointSaver {
  copyThread(fromThreadId: unknown, toThreadId: unknown): Promise<void>;
  prune(options: { threadId?: unknown; keepLatest?: number }): Promise<unknown>;
}

/**
 * Arguments that are not a thread id, and the thread a saver that stringifies them would
 * touch instead: `String(undefined)` is "undefined", `String({})` is "[object Object]".
 */
const NOT_THREAD_IDS: readonly (readonly [label: string, value: unknown, decoy: string])[] = [
  ["undefined", undefined, "undefined"],
  ["null", null, "null"],
  ["{}", {}, "[object Object]"],
];

/** Writes two checkpoints to each thread and returns a function that checks none changed. */
async function untouchedAfterwards(
  saver: BaseCheckpointSaver,
  threadIds: readonly string[],
): Promise<() => Promise<void>> {
  const before = new Map<string, Awaited<ReturnType<typeof threadSnapshot>>>();
  for (const threadId of threadIds) {
    await putChain(saver, threadId, "", 2);
    before.set(threadId, await threadSnapshot(saver, threadId));
  }
  return async () => {
    for (const threadId of threadIds) {
      expect({ threadId, snapshot: await threadSnapshot(saver, threadId) }).toEqual({
        threadId,
        snapshot: before.get(threadId),
      });
    }
  };
}

/**
 * `deleteThread`, `copyThread` and `prune` refuse a thread argument that is not a string or a
 * finite number with `InvalidConfigError` naming it, and touch nothing: not the thread its
 * string form names (`"undefined"`), not any other.
 */
export function threadArgumentCases(
  gate: PendingCaseGate,
  saver: () => BaseCheckpointSaver,
  capabilities: SaverCapabilities,
): void {
  const withArguments = () => saver() as ThreadArgumentSaver;

  for (const [label, value, decoy] of NOT_THREAD_IDS) {
    gate.it(
      `deleteThread(${label})`,
      `InvalidConfigError naming the thread id; deletes nothing, not thread "${decoy}" either`,
      async () => {
        const unchanged = await untouchedAfterwards(saver(), [decoy, freshThreadId()]);
        await expectRefused(() => saver().deleteThread(value as string), /thread/i);
        await unchanged();
      },
      SPEC_TIMEOUT_MS,
    );
  }

  if (capabilities.copyThread) {
    for (const [label, value, decoy] of NOT_THREAD_IDS) {
      gate.it(
        `copyThread(${label}, target)`,
        "InvalidConfigError naming the source; nothing copied",
        async () => {
          const target = freshThreadId("copy-target");
          const unchanged = await untouchedAfterwards(saver(), [decoy]);
          await expectRefused(() => withArguments().copyThread(value, target), /thread|from/i);
          await unchanged();
          expect(await threadSnapshot(saver(), target)).toEqual([]);
        },
        SPEC_TIMEOUT_MS,
      );
      gate.it(
        `copyThread(source, ${label})`,
        `InvalidConfigError naming the target; nothing copied, not to thread "${decoy}" either`,
        async () => {
          const source = freshThreadId("copy-source");
          const unchanged = await untouchedAfterwards(saver(), [source, decoy]);
          await expectRefused(() => withArguments().copyThread(source, value), /thread|to/i);
          await unchanged();
        },
        SPEC_TIMEOUT_MS,
      );
    }
  }

  if (capabilities.prune) {
    // `threadId: undefined` means every thread, so only null and {} are wrong here.
    for (const [label, value, decoy] of NOT_THREAD_IDS.filter(([, v]) => v !== undefined)) {
      gate.it(
        `prune({ threadId: ${label} })`,
        `InvalidConfigError naming threadId; prunes nothing, not thread "${decoy}" either`,
        async () => {
          const unchanged = await untouchedAfterwards(saver(), [decoy, freshThreadId()]);
          await expectRefused(
            () => withArguments().prune({ threadId: value, keepLatest: 1 }),
            /thread/i,
          );
          await unchanged();
        },
        SPEC_TIMEOUT_MS,
      );
    }
  }
}
