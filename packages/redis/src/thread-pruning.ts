import { CorruptCheckpointError, type PruneResult } from "@checkpointkit/core";
import { type ResolvedPruneOptions, toEpochMs } from "@checkpointkit/core/internal";
import type { RedisCall } from "./redis-call.js";
import { locateCorruption, toCheckpointKitError } from "./redis-errors.js";
import type { RedisKeyLayout } from "./redis-keys.js";
import type { RedisClient } from "./redis-saver-options.js";
import { REDIS_SCRIPTS } from "./redis-scripts.js";
import { replyText } from "./reply-text.js";
import { runScriptBatch } from "./script-batch.js";
import { describeThread } from "./thread-location.js";
import type { ThreadScriptRunner } from "./thread-writer.js";

/**
 * Threads one script prunes per shard and round trip. Bounds how long one script holds Redis
 * (each thread is a few small commands) and the size of its KEYS (five per thread).
 */
export const PRUNE_THREADS_PER_SCRIPT = 100;

/**
 * Checkpoints one script examines before it stops at a thread boundary and leaves the rest of
 * its page to the next step: bounds a script's time however large the threads are.
 */
export const PRUNE_CHECKPOINTS_PER_SCRIPT = 2000;

/**
 * Shard scripts sent in one pipeline: bounds one round trip's work (and so its deadline,
 * `commandTimeoutMs`) at this many scripts' budgets.
 */
export const PRUNE_SCRIPTS_PER_ROUND_TRIP = 16;

export interface PruneContext {
  client: RedisClient;
  keyLayout: RedisKeyLayout;
  call: RedisCall;
  run: ThreadScriptRunner;
  onCorruptRecord: ((error: CorruptCheckpointError) => void) | undefined;
}

/** Where the walk of one shard's thread index stands. */
interface ShardWalk {
  shard: number;
  /** The page to prune next (read by the previous step). */
  threads: string[];
  /** The last thread read so far, in (score, thread id) order; "" before the first step. */
  afterScore: string;
  afterId: string;
}

/**
 * Deletes old checkpoints (with their writes and the channel values only they used), per
 * (thread, namespace): those outside the newest `keepLatest` and, with `olderThan`, whose
 * `checkpoint.ts` is older. The newest checkpoint of a namespace is always kept.
 *
 * Without `threadId`, walks every shard's thread index with a cursor: each step is one script
 * per shard that prunes up to `PRUNE_THREADS_PER_SCRIPT` threads (fewer when they hold more
 * than `PRUNE_CHECKPOINTS_PER_SCRIPT` checkpoints) and reads the shard's next page; the steps
 * of up to `PRUNE_SCRIPTS_PER_ROUND_TRIP` shards go in one pipeline. So N small threads over
 * S shards take about ceil(N / PRUNE_THREADS_PER_SCRIPT) + 2 × S scripts in about
 * (ceil(N / (S × PRUNE_THREADS_PER_SCRIPT)) + 1) × ceil(S / PRUNE_SCRIPTS_PER_ROUND_TRIP)
 * round trips on a standalone server. A script
 * is atomic like the per-thread one, so a concurrent put sees a thread before or after its
 * prune, never half. A thread whose data is corrupt is skipped and reported to
 * `onCorruptRecord`, or, without that hook, its `CorruptCheckpointError` is thrown once every
 * other thread was pruned.
 */
export async function pruneThreads(
  options: ResolvedPruneOptions,
  context: PruneContext,
): Promise<PruneResult> {
  const keep = String(options.keepLatest ?? 1);
  const olderThan = options.olderThan === undefined ? "" : String(toEpochMs(options.olderThan));
  if (options.threadId !== undefined) {
    const deleted = await context.run("prune", REDIS_SCRIPTS.pruneThread, options.threadId, [
      keep,
      olderThan,
      options.threadId,
    ]);
    return { deletedCheckpoints: Number(deleted) };
  }
  const { client, keyLayout, call } = context;
  let walks: ShardWalk[] = keyLayout
    .shards()
    .map((shard) => ({ shard, threads: [], afterScore: "", afterId: "" }));
  let deletedCheckpoints = 0;
  let firstCorrupt: CorruptCheckpointError | undefined;
  while (walks.length > 0) {
    const next: ShardWalk[] = [];
    for (let start = 0; start < walks.length; start += PRUNE_SCRIPTS_PER_ROUND_TRIP) {
      const round = walks.slice(start, start + PRUNE_SCRIPTS_PER_ROUND_TRIP);
      const replies = await runScriptBatch(
        client,
        call,
        "prune",
        round.map((walk) => ({
          script: REDIS_SCRIPTS.pruneShardPage,
          keys: [
            keyLayout.shardKeys(walk.shard).threads,
            ...walk.threads.flatMap((threadId) => keyLayout.scriptKeys(threadId).slice(0, 5)),
          ],
          args: [
            keep,
            olderThan,
            walk.afterScore,
            walk.afterId,
            PRUNE_THREADS_PER_SCRIPT,
            PRUNE_CHECKPOINTS_PER_SCRIPT,
            ...walk.threads,
          ],
        })),
      );
      replies.forEach((reply, index) => {
        const page = readShardPageReply(reply);
        deletedCheckpoints += page.deleted;
        for (const { threadId, message } of page.corrupt) {
          const error = locateCorruption(
            toCheckpointKitError(new Error(message), "prune"),
            describeThread(threadId, undefined),
          ) as CorruptCheckpointError;
          if (context.onCorruptRecord !== undefined) context.onCorruptRecord(error);
          else firstCorrupt ??= error;
        }
        const walk = round[index]!;
        const following = followingStep(walk, page);
        if (following !== undefined) next.push(following);
      });
    }
    walks = next;
  }
  if (firstCorrupt !== undefined) throw firstCorrupt;
  return { deletedCheckpoints };
}

/** The shard's next step after `walk`'s, or undefined when the shard is done. */
function followingStep(walk: ShardWalk, page: ShardPageReply): ShardWalk | undefined {
  // Out of budget: the rest of the page first, from the same cursor.
  if (page.done < walk.threads.length) return { ...walk, threads: walk.threads.slice(page.done) };
  // A short page was the shard's last: threads read after it were written during this
  // prune and need none.
  if (walk.afterScore !== "" && walk.threads.length < PRUNE_THREADS_PER_SCRIPT) return undefined;
  const last = page.next.at(-1);
  if (last === undefined) return undefined;
  return {
    shard: walk.shard,
    threads: page.next.map(({ threadId }) => threadId),
    afterScore: last.score,
    afterId: last.threadId,
  };
}

interface ShardPageReply {
  deleted: number;
  /** Threads of the page pruned (or found corrupt); the rest ran out of budget. */
  done: number;
  corrupt: { threadId: string; message: string }[];
  next: { threadId: string; score: string }[];
}

/** `pruneShardPage`'s reply: { deleted, done, { thread, error, … }, { thread, score, … } }. */
function readShardPageReply(reply: unknown): ShardPageReply {
  const [deleted, done, corrupt, next] = Array.isArray(reply) ? reply : [];
  if (
    typeof deleted !== "number" ||
    typeof done !== "number" ||
    !Array.isArray(corrupt) ||
    !Array.isArray(next)
  ) {
    throw new CorruptCheckpointError("unexpected reply to pruneShardPage");
  }
  const pairs = (items: unknown[]) =>
    Array.from({ length: items.length / 2 }, (_unused, index) => [
      replyText(items[index * 2], "pruneShardPage"),
      replyText(items[index * 2 + 1], "pruneShardPage"),
    ]);
  return {
    deleted,
    done,
    corrupt: pairs(corrupt).map(([threadId, message]) => ({
      threadId: threadId!,
      message: message!,
    })),
    next: pairs(next).map(([threadId, score]) => ({ threadId: threadId!, score: score! })),
  };
}
