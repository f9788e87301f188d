/** A transactional batch holds at most 100 operations. */
export const MAX_BATCH_OPERATIONS = 100;

/** Something that becomes one operation of a transactional batch, with its payload size. */
export interface SizedOperation {
  bytes: number;
}

/**
 * Groups operations, in order, into transactional batches of at most 100 operations and
 * `budgetBytes` of payload. An operation larger than the budget gets a batch of its own.
 */
export function packBatches<T extends SizedOperation>(
  operations: readonly T[],
  budgetBytes: number,
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const operation of operations) {
    if (
      current.length > 0 &&
      (current.length >= MAX_BATCH_OPERATIONS || bytes + operation.bytes > budgetBytes)
    ) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(operation);
    bytes += operation.bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Groups units of ids, in order, into batches of at most `capacity` (100), never splitting a unit that fits
 * in one batch: an item and its chunks then disappear together. A unit of more than 100 ids
 * is split, its last ids (the item itself) going into the last of its batches.
 */
export function packUnits(
  units: readonly (readonly string[])[],
  capacity = MAX_BATCH_OPERATIONS,
): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  for (const unit of units) {
    if (current.length + unit.length > capacity && current.length > 0) {
      batches.push(current);
      current = [];
    }
    for (const id of unit) {
      if (current.length >= capacity) {
        batches.push(current);
        current = [];
      }
      current.push(id);
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
