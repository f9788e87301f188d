import type { Container, OperationInput } from "@azure/cosmos";
import { executeBatch, type RequestMeter } from "../cosmos-requests.js";

/** The service's cap on operations in one transactional batch. */
export const MAX_BATCH_OPERATIONS = 100;

/** Groups items by partition key value, order kept. */
export function byPartition<T>(
  items: readonly T[],
  partitionOf: (item: T) => string,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const partition = partitionOf(item);
    const group = groups.get(partition);
    if (group === undefined) groups.set(partition, [item]);
    else group.push(item);
  }
  return groups;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    result.push(items.slice(start, start + size));
  return result;
}

/**
 * Runs a transactional batch; an operation that failed because its item is gone (404, a
 * concurrent delete) is dropped and the rest sent again. Any other refusal throws.
 */
export async function runBatchSkippingMissing(
  container: Container,
  partitionKey: string,
  operations: OperationInput[],
  meter: RequestMeter,
): Promise<void> {
  let pending = operations;
  while (pending.length > 0) {
    const outcome = await executeBatch(container, partitionKey, pending, meter);
    if (outcome.applied) return;
    if (outcome.failedStatus !== 404 || outcome.failedIndex < 0) {
      throw meter.failure(
        Object.assign(new Error(`a store batch was refused with status ${outcome.failedStatus}`), {
          code: outcome.failedStatus,
        }),
        container,
        "write a transactional batch",
      );
    }
    pending = pending.filter((_operation, index) => index !== outcome.failedIndex);
  }
}

/** One operation and the partition it belongs to. */
export interface PartitionedOperation {
  partitionKey: string;
  operation: OperationInput;
}

/**
 * Sends operations as transactional batches: one per partition and 100 operations, all at
 * once (a batch is bound to one logical partition; the service caps it at 100 operations).
 */
export async function runPartitionedBatches(
  container: Container,
  operations: readonly PartitionedOperation[],
  meter: RequestMeter,
): Promise<void> {
  const batches: Promise<void>[] = [];
  for (const [partitionKey, group] of byPartition(operations, (entry) => entry.partitionKey)) {
    for (const chunk of chunks(group, MAX_BATCH_OPERATIONS)) {
      const chunkOperations = chunk.map((entry) => entry.operation);
      batches.push(runBatchSkippingMissing(container, partitionKey, chunkOperations, meter));
    }
  }
  await Promise.all(batches);
}
