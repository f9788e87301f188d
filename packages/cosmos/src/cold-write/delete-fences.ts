import type { OperationInput } from "@azure/cosmos";
import {
  boundKeyLength,
  CheckpointConflictError,
  encodeKeyPart,
  type FencePosition,
} from "@checkpointkit/core";
import { fenceSortKey } from "@checkpointkit/core/internal";
import { ITEM_ID_MAX_BYTES, threadPartition } from "../cosmos-items.js";
import { executeBatch, queryAll, type RequestMeter } from "../cosmos-requests.js";
import type { CosmosSaverInternals } from "../cosmos-saver-internals.js";

/**
 * The partition of the fence items (one per deleted thread, under the saver's tenant).
 * Thread partition keys are `encodeKeyPart` outputs, which never start with an unescaped
 * `~`, so no thread can share it. Fences live apart from their thread because deleting a
 * thread drops its whole partition in one request, and its fence must outlive that.
 */
const FENCE_THREAD_ID = "~tiered-fences";
const FENCE_KIND = "tiered-fence";
/** Rounds of create ⇄ advance races between concurrent deletes before giving up. */
const MAX_FENCE_ROUNDS = 5;

/** A thread's delete fence: the position of its last applied delete. */
export interface DeleteFence {
  position: FencePosition;
  /** `position` zero-padded, sorting like it (see `fenceSortKey`). */
  sortKey: string;
}

interface FenceItem {
  id: string;
  kind: typeof FENCE_KIND;
  thread_key: string;
  tenant_key?: string;
  /** The thread the fence belongs to (ids are length-bounded, this is not). */
  thread_id: string;
  fence: FencePosition;
  fence_key: string;
}

function fenceItemId(threadId: string): string {
  return boundKeyLength(encodeKeyPart(threadId), ITEM_ID_MAX_BYTES);
}

function fencePartition(saver: CosmosSaverInternals) {
  // Not `saver.partition`: that one would escape the `~` that keeps the partition apart.
  const partition = threadPartition(FENCE_THREAD_ID, saver.tenantId);
  const threadKey = FENCE_THREAD_ID;
  return partition.tenantKey === undefined
    ? { threadKey, tenantKey: undefined, partitionKey: threadKey }
    : { threadKey, tenantKey: partition.tenantKey, partitionKey: [partition.tenantKey, threadKey] };
}

/** The fences of some threads, by thread id; threads never deleted are absent. One query. */
export async function readDeleteFences(
  saver: CosmosSaverInternals,
  threadIds: readonly string[],
  meter: RequestMeter,
): Promise<Map<string, DeleteFence>> {
  const fences = new Map<string, DeleteFence>();
  if (threadIds.length === 0) return fences;
  const items = await queryAll<FenceItem>(
    saver.container,
    {
      query: "SELECT * FROM c WHERE ARRAY_CONTAINS(@ids, c.id) AND c.kind = @kind",
      parameters: [
        { name: "@ids", value: [...new Set(threadIds.map(fenceItemId))] },
        { name: "@kind", value: FENCE_KIND },
      ],
    },
    fencePartition(saver).partitionKey,
    meter,
  );
  const wanted = new Set(threadIds);
  for (const item of items) {
    if (wanted.has(item.thread_id)) {
      fences.set(item.thread_id, { position: item.fence, sortKey: item.fence_key });
    }
  }
  return fences;
}

/**
 * Moves the thread's fence forward to `position`. Returns false, changing nothing, when the
 * fence is already at or past it (a replayed delete). Creating the item and advancing it are
 * each one conditional request, so concurrent deletes never move a fence backwards.
 */
export async function recordDeleteFence(
  saver: CosmosSaverInternals,
  threadId: string,
  position: FencePosition,
  meter: RequestMeter,
): Promise<boolean> {
  const sortKey = fenceSortKey(position, "fencePosition");
  const partition = fencePartition(saver);
  const item: FenceItem = {
    id: fenceItemId(threadId),
    kind: FENCE_KIND,
    thread_key: partition.threadKey,
    ...(partition.tenantKey === undefined ? {} : { tenant_key: partition.tenantKey }),
    thread_id: threadId,
    fence: position,
    fence_key: sortKey,
  };
  const advance: OperationInput = {
    operationType: "Patch",
    id: item.id,
    resourceBody: {
      operations: [
        { op: "set", path: "/fence", value: position },
        { op: "set", path: "/fence_key", value: sortKey },
      ],
      condition: `FROM c WHERE c.fence_key < ${JSON.stringify(sortKey)}`,
    },
  };
  const create: OperationInput = {
    operationType: "Create",
    resourceBody: { ...item } as unknown as Record<string, string>,
  };
  for (let round = 0; round < MAX_FENCE_ROUNDS; round += 1) {
    const created = await executeBatch(saver.container, partition.partitionKey, [create], meter);
    if (created.applied) return true;
    // 409: the thread has a fence already; move it forward if it is behind.
    const advanced = await executeBatch(saver.container, partition.partitionKey, [advance], meter);
    if (advanced.applied) return true;
    if (advanced.failedStatus === 412) return false;
    // 404: a concurrent writer's fence vanished between the two requests; start over.
  }
  throw new CheckpointConflictError(
    `the delete fence of thread ${JSON.stringify(threadId)} kept changing under concurrent deletes`,
  );
}
