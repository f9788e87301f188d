import type { Container } from "@azure/cosmos";
import type { ThreadListing } from "@checkpointkit/core";
import { threadPartition } from "./cosmos-items.js";
import { type RequestMeter, readItem, runLimited } from "./cosmos-requests.js";
import { THREAD_ITEM_ID, type ThreadItem } from "./cosmos-thread-item.js";

/** Point reads of thread items in flight at once for one `threadTotals` call. */
export const THREAD_TOTALS_READ_CONCURRENCY = 16;

/**
 * These threads as `listThreads` lists them: one point read of each thread's `thread` item
 * in its own partition (no query, no query plan), at most
 * `THREAD_TOTALS_READ_CONCURRENCY` at a time. A thread without an item (never written,
 * deleted, or holding only checkpoints of a version before thread items) is left out, as
 * `listThreads` leaves it out. The item's own `thread_id` must be the id asked for: two long
 * ids whose bounded partition keys collide are never confused.
 */
export async function readThreadTotals(
  input: { container: Container; tenantId: string | undefined; meter: RequestMeter },
  threadIds: readonly string[],
): Promise<Map<string, ThreadListing>> {
  const found = new Map<string, ThreadListing>();
  await runLimited(
    threadIds.map((threadId) => async () => {
      const item = await readItem<ThreadItem>(
        input.container,
        THREAD_ITEM_ID,
        threadPartition(threadId, input.tenantId).partitionKey,
        input.meter,
      );
      if (item === undefined || item.kind !== "thread" || item.thread_id !== threadId) return;
      found.set(threadId, {
        threadId,
        checkpointCount: item.checkpoint_count,
        storedBytes: item.stored_bytes,
        updatedAt: item.updated_at,
      });
    }),
    THREAD_TOTALS_READ_CONCURRENCY,
  );
  return found;
}
