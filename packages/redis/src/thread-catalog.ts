import {
  type ListThreadsOptions,
  readListThreadsOptions,
  type ThreadListing,
  type ThreadListPage,
} from "@checkpointkit/core";
import type { RedisCall } from "./redis-call.js";
import type { RedisKeyLayout } from "./redis-keys.js";
import type { RedisClient } from "./redis-saver-options.js";
import { REDIS_SCRIPTS } from "./redis-scripts.js";
import { runScriptBatch } from "./script-batch.js";
import { decodeThreadCursor, encodeThreadCursor } from "./thread-cursor.js";
import { decodeShardThreadPage, mergeShardThreadPages } from "./thread-page-merge.js";

/**
 * Threads each shard examines at most per page (prefix filter): bounds a page's work when few
 * thread ids match; the page then holds fewer than `limit` threads and a cursor to go on.
 */
export const THREAD_SCAN_BUDGET_PER_SHARD = 1000;

export interface ThreadCatalogContext {
  client: RedisClient;
  keyLayout: RedisKeyLayout;
  call: RedisCall;
}

/**
 * `listThreads`: two round trips per page on a standalone server. First every shard's thread
 * index, in one pipeline (each shard's script returns its next threads after the cursor);
 * then, for the threads of the page only, one small script each, in one pipeline: the
 * checkpoint count (ZCARD of the thread's index) and the thread's running total of its size
 * records (kept by the scripts that add or remove them). Constant work per listed thread,
 * however many checkpoints it holds; nothing of a thread outside the page is read.
 */
export async function listThreads(
  options: ListThreadsOptions | undefined,
  context: ThreadCatalogContext,
): Promise<ThreadListPage> {
  const { limit, threadIdPrefix, cursor } = readListThreadsOptions(options);
  const after = cursor === undefined ? undefined : decodeThreadCursor(cursor);
  const { client, keyLayout, call } = context;
  const shardReplies = await runScriptBatch(
    client,
    call,
    "listThreads",
    keyLayout.shards().map((shard) => ({
      script: REDIS_SCRIPTS.threadPage,
      keys: [keyLayout.shardKeys(shard).threads],
      args: [
        after === undefined ? "" : String(after.score),
        after?.threadId ?? "",
        threadIdPrefix,
        limit,
        THREAD_SCAN_BUDGET_PER_SHARD,
      ],
    })),
  );
  const { listed, next } = mergeShardThreadPages(shardReplies.map(decodeShardThreadPage), limit);
  const totals = await runScriptBatch(
    client,
    call,
    "listThreads",
    listed.map(({ threadId }) => ({
      script: REDIS_SCRIPTS.threadTotals,
      keys: keyLayout.scriptKeys(threadId),
      args: [],
    })),
  );
  const threads: ThreadListing[] = [];
  for (const [index, { threadId, score }] of listed.entries()) {
    const [checkpointCount, storedBytes] = (totals[index] as [number, number] | undefined) ?? [
      0, 0,
    ];
    // A thread index entry outlives its thread's keys until a write trims it (TTL expiry).
    if (Number(checkpointCount) === 0) continue;
    threads.push({
      threadId,
      checkpointCount: Number(checkpointCount),
      storedBytes: Number(storedBytes),
      updatedAt: new Date(score).toISOString(),
    });
  }
  return { threads, nextCursor: next === undefined ? null : encodeThreadCursor(next) };
}
