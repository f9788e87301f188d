import type { Container, OperationInput, PartitionKey } from "@azure/cosmos";
import { MAX_BATCH_OPERATIONS } from "./cosmos-batch-packing.js";
import { cosmosStatusCode } from "./cosmos-errors.js";
import { allItemIdsQuery } from "./cosmos-queries.js";
import { executeBatch, queryPages, type RequestMeter, sendRequest } from "./cosmos-requests.js";

/** Statuses with which accounts without the delete-by-partition-key feature refuse it. */
const UNSUPPORTED_STATUSES = new Set([400, 403, 404, 405, 501]);
const DELETE_PAGE_SIZE = 1000;
/** Each round deletes at least one item or stops; this bounds rounds that race other deleters. */
const MAX_DELETE_ROUNDS = 10_000;

/**
 * Deletes every item of a thread's partition. Delete-by-partition-key is one request whose
 * effect is immediate (the service removes the items in the background); it is a preview
 * feature accounts must enable, so on refusal the ids are read page by page and deleted
 * in transactional batches of 100 instead.
 */
export async function deletePartition(
  container: Container,
  partitionKey: PartitionKey,
  meter: RequestMeter,
): Promise<void> {
  try {
    const response = await sendRequest(meter, (abortSignal) =>
      container.deleteAllItemsForPartitionKey(partitionKey, { abortSignal }),
    );
    meter.addHeaders(response.headers as Record<string, unknown>);
    return;
  } catch (error) {
    meter.addError(error);
    const status = cosmosStatusCode(error);
    if (status === undefined || !UNSUPPORTED_STATUSES.has(status)) {
      throw meter.failure(error, container, "delete a thread");
    }
  }
  for (let round = 0; round < MAX_DELETE_ROUNDS; round += 1) {
    const pages = queryPages<{ id: string }>(
      container,
      allItemIdsQuery(),
      { partitionKey, maxItemCount: DELETE_PAGE_SIZE },
      meter,
    );
    const first = await pages.next();
    await pages.return(undefined);
    const ids = first.done ? [] : first.value;
    if (ids.length === 0) return;
    for (let start = 0; start < ids.length; start += MAX_BATCH_OPERATIONS) {
      const operations: OperationInput[] = ids
        .slice(start, start + MAX_BATCH_OPERATIONS)
        .map(({ id }) => ({ operationType: "Delete", id }));
      // A 404 means something else (TTL, a concurrent delete) removed an item first; the
      // next round re-reads what is left.
      await executeBatch(container, partitionKey, operations, meter);
    }
  }
}
