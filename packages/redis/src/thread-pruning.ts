import { CorruptCheckpointError, type PruneResult } from "@checkpointkit/core";
import { type ResolvedPruneOptions, toEpochMs } from "@checkpointkit/core/internal";
import type { RedisCall } from "./redis-call.js";
import type { RedisKeyLayout } from "./redis-keys.js";
import type { RedisClient } from "./redis-saver-options.js";
import { REDIS_SCRIPTS } from "./redis-scripts.js";
import { forEachThread } from "./thread-walk.js";
import type { ThreadScriptRunner } from "./thread-writer.js";

export interface PruneContext {
  client: RedisClient;
  keyLayout: RedisKeyLayout;
  call: RedisCall;
  run: ThreadScriptRunner;
  onCorruptRecord: ((error: CorruptCheckpointError) => void) | undefined;
}

/**
 * Deletes old checkpoints (with their writes and the channel values only they used), per
 * (thread, namespace): those outside the newest `keepLatest` and, with `olderThan`, whose
 * `checkpoint.ts` is older. The newest checkpoint of a namespace is always kept. Without
 * `threadId`, visits every thread of every shard (one script per thread); a thread whose
 * data is corrupt is skipped and reported to `onCorruptRecord`, or, without that hook, its
 * `CorruptCheckpointError` is thrown once every other thread was pruned.
 */
export async function pruneThreads(
  options: ResolvedPruneOptions,
  context: PruneContext,
): Promise<PruneResult> {
  const keep = String(options.keepLatest ?? 1);
  const olderThan = options.olderThan === undefined ? "" : String(toEpochMs(options.olderThan));
  const pruneThread = async (threadId: string) =>
    Number(
      await context.run("prune", REDIS_SCRIPTS.pruneThread, threadId, [keep, olderThan, threadId]),
    );
  if (options.threadId !== undefined) {
    return { deletedCheckpoints: await pruneThread(options.threadId) };
  }
  let firstCorrupt: CorruptCheckpointError | undefined;
  const deletedCheckpoints = await forEachThread(
    context.client,
    context.keyLayout,
    context.call,
    async (threadId) => {
      try {
        return await pruneThread(threadId);
      } catch (error) {
        if (!CorruptCheckpointError.isInstance(error)) throw error;
        if (context.onCorruptRecord !== undefined) context.onCorruptRecord(error);
        else firstCorrupt ??= error;
        return 0;
      }
    },
  );
  if (firstCorrupt !== undefined) throw firstCorrupt;
  return { deletedCheckpoints };
}
