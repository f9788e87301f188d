import { CheckpointConflictError } from "@checkpointkit/core";
import { cosmosStatusCode, isContainerMissing } from "../cosmos-errors.js";
import { type RequestMeter, sendRequest } from "../cosmos-requests.js";
import type { CosmosSaverInternals } from "../cosmos-saver-internals.js";

/**
 * Id of the activity item in its thread's partition. Every other item id starts with its
 * kind (`head`, `checkpoint`, ...) as an encoded key part, so none can be spelled like this.
 */
export const ACTIVITY_ITEM_ID = "~tiered-activity";
export const ACTIVITY_KIND = "tiered-activity";
/** Rounds of create ⇄ advance races between concurrent flushes before giving up. */
const MAX_ACTIVITY_ROUNDS = 5;

/**
 * When a thread was last active: the newest `createdAt` (the checkpoint's own time, or when
 * the writes were accepted) of the records a cold writer stored for it. One item per thread,
 * in the thread's partition, so deleting the thread deletes it too and an expiry sweep can
 * make each of its deletes conditional on it within the same transactional batch.
 */
export interface ActivityItem {
  id: typeof ACTIVITY_ITEM_ID;
  kind: typeof ACTIVITY_KIND;
  thread_key: string;
  thread_id: string;
  /** Milliseconds since the epoch; only ever moves forward. */
  active_ms: number;
  /** The saver's native TTL, so the item never outlives the thread's own items for good. */
  ttl?: number;
}

/**
 * Moves the thread's activity forward to `activeMs` (creates the item the first time). Never
 * moves it back: records flushed late or replayed keep the newer time. Runs before the
 * records are written, so an expiry sweep deciding on the old time cannot delete them.
 */
export async function recordThreadActivity(
  saver: CosmosSaverInternals,
  threadId: string,
  activeMs: number,
  meter: RequestMeter,
): Promise<void> {
  const partition = saver.partition(threadId);
  const item: ActivityItem = {
    id: ACTIVITY_ITEM_ID,
    kind: ACTIVITY_KIND,
    thread_key: partition.threadKey,
    thread_id: threadId,
    active_ms: activeMs,
    ...(saver.ttlSeconds === undefined ? {} : { ttl: saver.ttlSeconds }),
  };
  // Point requests, not batches: one item each, and the usual case is one patch.
  for (let round = 0; round < MAX_ACTIVITY_ROUNDS; round += 1) {
    const status = await attempt(saver, meter, (abortSignal) =>
      saver.container.item(ACTIVITY_ITEM_ID, partition.partitionKey).patch(
        {
          operations: [{ op: "set", path: "/active_ms", value: activeMs }],
          condition: `FROM c WHERE c.active_ms < ${activeMs}`,
        },
        { abortSignal },
      ),
    );
    // 412: already as recent or more.
    if (status !== 404) return;
    const created = await attempt(saver, meter, (abortSignal) =>
      saver.container.items.create(item, { abortSignal }),
    );
    // 409: a concurrent flush created it in between; advance that one.
    if (created !== 409) return;
  }
  throw new CheckpointConflictError(
    `the activity of thread ${JSON.stringify(threadId)} kept changing under concurrent flushes`,
  );
}

/** Runs one point request; resolves with 200, or with the 404/409/412 it failed with. */
async function attempt(
  saver: CosmosSaverInternals,
  meter: RequestMeter,
  request: (abortSignal: AbortSignal | undefined) => Promise<{ requestCharge: number }>,
): Promise<number> {
  try {
    const response = await sendRequest(meter, request);
    meter.add(response.requestCharge);
    return 200;
  } catch (error) {
    meter.addError(error);
    const status = cosmosStatusCode(error);
    if ((status === 404 && !isContainerMissing(error)) || status === 409 || status === 412) {
      return status;
    }
    throw meter.failure(error, saver.container, "record a thread's activity");
  }
}
