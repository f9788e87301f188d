import type { Container } from "@azure/cosmos";
import type { ReadListThreadsOptions, ThreadListPage } from "@checkpointkit/core";
import { threadListingQuery } from "./cosmos-queries.js";
import { queryAll, type RequestMeter } from "./cosmos-requests.js";
import { decodeThreadCursor, encodeThreadCursor } from "./cosmos-thread-cursor.js";
import type { ThreadItem } from "./cosmos-thread-item.js";

type ListedThread = Pick<
  ThreadItem,
  "thread_id" | "checkpoint_count" | "stored_bytes" | "updated_at" | "list_key"
>;

/**
 * One page of threads, most recently written first: one cross-partition query over the
 * thread items (`TOP limit + 1` ordered by their indexed `list_key`), never a checkpoint.
 * The extra item only tells whether another page follows.
 */
export async function listThreadItems(
  input: { container: Container; tenantKey: string | undefined; meter: RequestMeter },
  options: ReadListThreadsOptions,
): Promise<ThreadListPage> {
  const afterListKey =
    options.cursor === undefined ? undefined : decodeThreadCursor(options.cursor);
  const items = await queryAll<ListedThread>(
    input.container,
    threadListingQuery({
      tenantKey: input.tenantKey,
      threadIdPrefix: options.threadIdPrefix,
      afterListKey,
      top: options.limit + 1,
    }),
    undefined,
    input.meter,
  );
  const page = items.slice(0, options.limit);
  const last = page.at(-1);
  return {
    threads: page.map((item) => ({
      threadId: item.thread_id,
      checkpointCount: item.checkpoint_count,
      storedBytes: item.stored_bytes,
      updatedAt: item.updated_at,
    })),
    nextCursor:
      items.length > options.limit && last !== undefined ? encodeThreadCursor(last.list_key) : null,
  };
}
