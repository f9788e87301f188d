import type { Container, OperationInput, PartitionKey } from "@azure/cosmos";
import { MAX_BATCH_OPERATIONS } from "./cosmos-batch-packing.js";
import { containerMissingError, unwrapCosmosError } from "./cosmos-errors.js";
import { type RequestMeter, sendRequest } from "./cosmos-requests.js";

/**
 * Point reads of many items of one partition in one request: a transactional batch of Read
 * operations (up to 100 per batch; more run as parallel batches). Unlike a query, it needs no
 * query-plan request. A batch fails as a whole when one item is missing, so the missing item
 * is left out and the rest read again: an item deleted or expired under a reader costs one
 * more request, never a wrong answer. Returns the items found, by id.
 */
export async function readItems<T extends { id: string }>(
  container: Container,
  partitionKey: PartitionKey,
  ids: readonly string[],
  meter: RequestMeter,
): Promise<Map<string, T>> {
  const unique = [...new Set(ids)];
  const found = new Map<string, T>();
  const groups: string[][] = [];
  for (let start = 0; start < unique.length; start += MAX_BATCH_OPERATIONS) {
    groups.push(unique.slice(start, start + MAX_BATCH_OPERATIONS));
  }
  await Promise.all(
    groups.map(async (group) => {
      for (const item of await readGroup<T>(container, partitionKey, group, meter)) {
        found.set(item.id, item);
      }
    }),
  );
  return found;
}

async function readGroup<T>(
  container: Container,
  partitionKey: PartitionKey,
  ids: readonly string[],
  meter: RequestMeter,
): Promise<T[]> {
  let pending = [...ids];
  while (pending.length > 0) {
    const operations: OperationInput[] = pending.map((id) => ({ operationType: "Read", id }));
    let results: { statusCode: number; resourceBody?: unknown }[];
    try {
      const response = await sendRequest(meter, (abortSignal) =>
        container.items.batch(operations, partitionKey, { abortSignal }),
      );
      meter.addHeaders(response.headers);
      results = (response.result ?? []) as typeof results;
    } catch (error) {
      meter.addError(error);
      const shape = unwrapCosmosError(error);
      if (Array.isArray(shape.body)) results = shape.body as typeof results;
      else if (shape.code === 404) throw containerMissingError(error, container);
      else throw meter.failure(error, container, "read items");
    }
    const failedIndex = results.findIndex(
      (result) => Number(result?.statusCode) >= 400 && Number(result?.statusCode) !== 424,
    );
    if (failedIndex === -1) {
      return results.map((result) => result.resourceBody as T);
    }
    const failedStatus = Number(results[failedIndex]?.statusCode);
    if (failedStatus !== 404) {
      throw meter.failure(
        Object.assign(new Error(`operation ${failedIndex} of the batch failed`), {
          code: failedStatus,
        }),
        container,
        `read items (operation ${failedIndex} of ${operations.length} failed)`,
      );
    }
    pending = pending.filter((_, index) => index !== failedIndex);
  }
  return [];
}
