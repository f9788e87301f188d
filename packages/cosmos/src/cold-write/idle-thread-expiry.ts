import type { OperationInput, PartitionKey, SqlQuerySpec } from "@azure/cosmos";
import { MAX_BATCH_OPERATIONS } from "../cosmos-batch-packing.js";
import { cosmosStatusCode, isContainerMissing } from "../cosmos-errors.js";
import {
  executeBatch,
  queryPages,
  type RequestMeter,
  readItem,
  sendRequest,
} from "../cosmos-requests.js";
import type { CosmosSaverInternals } from "../cosmos-saver-internals.js";
import { ACTIVITY_ITEM_ID, ACTIVITY_KIND, type ActivityItem } from "./thread-activity.js";

/** Idle threads fetched per page of the sweep's query. */
const IDLE_PAGE_SIZE = 100;
/** Item ids read per round while a thread is emptied. */
const DELETE_PAGE_SIZE = 1000;
/** Rounds of one kind that keep finding items gone (native TTL, another sweeper). */
const MAX_DELETE_ROUNDS = 10_000;
/**
 * The order a thread is emptied in: its heads first, so the thread has no latest checkpoint
 * as soon as its expiry starts, and its thread item (its totals), so a sweep stopped half-way
 * leaves no stale totals: the next write recounts the checkpoints left. Then checkpoints
 * before the values and chunks they reference, so a sweep stopped half-way (the thread was
 * written meanwhile) leaves no checkpoint whose values are gone. `null`: whatever else the
 * partition holds.
 */
const KIND_ORDER = [
  "head",
  "thread",
  "checkpoint",
  "write",
  "writes",
  "value",
  "chunk",
  null,
] as const;

function idleThreadsQuery(cutoffMs: number): SqlQuerySpec {
  return {
    query: "SELECT c.thread_id FROM c WHERE c.kind = @kind AND c.active_ms < @cutoff",
    parameters: [
      { name: "@kind", value: ACTIVITY_KIND },
      { name: "@cutoff", value: cutoffMs },
    ],
  };
}

function idsOfKindQuery(kind: string | null): SqlQuerySpec {
  if (kind === null) {
    return {
      query: "SELECT c.id FROM c WHERE c.kind != @activity",
      parameters: [{ name: "@activity", value: ACTIVITY_KIND }],
    };
  }
  return {
    query: "SELECT c.id FROM c WHERE c.kind = @kind",
    parameters: [{ name: "@kind", value: kind }],
  };
}

/**
 * Deletes every thread whose activity (the newest `createdAt` of its flushed records) is
 * older than `ttlSeconds`, as PostgreSQL's `deleteExpiredThreads` does by `created_at`.
 * Resolves with the number of threads deleted. One cross-partition query finds the threads.
 */
export async function expireIdleThreads(
  saver: CosmosSaverInternals,
  ttlSeconds: number,
  meter: RequestMeter,
): Promise<number> {
  const cutoffMs = Date.now() - ttlSeconds * 1000;
  let expired = 0;
  const pages = queryPages<{ thread_id: string }>(
    saver.container,
    idleThreadsQuery(cutoffMs),
    // `active_ms` is outside `CHECKPOINT_INDEXING_POLICY`: the service may serve the range
    // filter only by scanning the activity items the indexed `kind` filter selects.
    { maxItemCount: IDLE_PAGE_SIZE, enableScanInQuery: true },
    meter,
  );
  for await (const page of pages) {
    for (const { thread_id: threadId } of page) {
      if (typeof threadId === "string" && (await expireThread(saver, threadId, cutoffMs, meter))) {
        expired += 1;
      }
    }
  }
  return expired;
}

/**
 * Empties an idle thread's partition. Cosmos DB has no lock to hold across the requests, so
 * each transactional batch of deletes starts with a patch of the thread's activity item on
 * the condition that it is still older than the cutoff: once a flush recorded newer activity
 * (it does so before writing its records) every later batch fails as a whole and the thread
 * stays. The activity item goes last, with the etag it was read with. Returns true when the
 * thread was expired by this call.
 */
async function expireThread(
  saver: CosmosSaverInternals,
  threadId: string,
  cutoffMs: number,
  meter: RequestMeter,
): Promise<boolean> {
  const { partitionKey } = saver.partition(threadId);
  const stillIdle: OperationInput = {
    operationType: "Patch",
    id: ACTIVITY_ITEM_ID,
    resourceBody: {
      operations: [{ op: "set", path: "/expiring_cutoff_ms", value: cutoffMs }],
      condition: `FROM c WHERE c.active_ms < ${cutoffMs}`,
    },
  };
  for (const kind of KIND_ORDER) {
    for (let round = 0; ; round += 1) {
      if (round >= MAX_DELETE_ROUNDS) return false;
      const ids = await firstIds(saver, partitionKey, idsOfKindQuery(kind), meter);
      const outcome = await deleteGuarded(saver, partitionKey, stillIdle, ids, meter);
      if (outcome === "written") return false;
      // A short page deleted whole was the last one; otherwise read what is left.
      if (outcome === "deleted" && ids.length < DELETE_PAGE_SIZE) break;
    }
  }
  const activity = await readItem<ActivityItem & { _etag?: string }>(
    saver.container,
    ACTIVITY_ITEM_ID,
    partitionKey,
    meter,
  );
  if (activity === undefined || !(activity.active_ms < cutoffMs)) return false;
  return deleteIfUnchanged(saver, partitionKey, activity._etag, meter);
}

/** Point delete of the activity item, only if its etag is still `etag`; false otherwise. */
async function deleteIfUnchanged(
  saver: CosmosSaverInternals,
  partitionKey: PartitionKey,
  etag: string | undefined,
  meter: RequestMeter,
): Promise<boolean> {
  if (etag === undefined) return false;
  try {
    const response = await sendRequest(meter, (abortSignal) =>
      saver.container
        .item(ACTIVITY_ITEM_ID, partitionKey)
        .delete({ abortSignal, accessCondition: { type: "IfMatch", condition: etag } }),
    );
    meter.add(response.requestCharge);
    return true;
  } catch (error) {
    meter.addError(error);
    const status = cosmosStatusCode(error);
    // 412: written since; 404: another sweeper was first.
    if ((status === 412 || status === 404) && !isContainerMissing(error)) return false;
    throw meter.failure(error, saver.container, "delete an item");
  }
}

/**
 * Deletes `ids` in batches that each start with the `stillIdle` guard. "written": the guard
 * failed (the thread was written since, or another sweeper removed its activity item);
 * "gone": an item had vanished already, so the caller reads the ids again.
 */
async function deleteGuarded(
  saver: CosmosSaverInternals,
  partitionKey: PartitionKey,
  stillIdle: OperationInput,
  ids: readonly string[],
  meter: RequestMeter,
): Promise<"deleted" | "written" | "gone"> {
  for (let start = 0; start < ids.length; start += MAX_BATCH_OPERATIONS - 1) {
    const deletes = ids
      .slice(start, start + MAX_BATCH_OPERATIONS - 1)
      .map((id): OperationInput => ({ operationType: "Delete", id }));
    const outcome = await executeBatch(
      saver.container,
      partitionKey,
      [stillIdle, ...deletes],
      meter,
    );
    if (!outcome.applied) return outcome.failedIndex <= 0 ? "written" : "gone";
  }
  return "deleted";
}

async function firstIds(
  saver: CosmosSaverInternals,
  partitionKey: PartitionKey,
  query: SqlQuerySpec,
  meter: RequestMeter,
): Promise<string[]> {
  const pages = queryPages<{ id: string }>(
    saver.container,
    query,
    { partitionKey, maxItemCount: DELETE_PAGE_SIZE },
    meter,
  );
  const first = await pages.next();
  await pages.return(undefined);
  return first.done ? [] : first.value.map((item) => item.id);
}
