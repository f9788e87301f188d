import type { Container, PartitionKey } from "@azure/cosmos";
import { CheckpointConflictError } from "@checkpointkit/core";
import { cosmosStatusCode } from "./cosmos-errors.js";
import type { WritesCall, WritesItem } from "./cosmos-items.js";
import { type RequestMeter, readItem, sendRequest } from "./cosmos-requests.js";

/** Read-modify-write rounds lost to concurrent `putWrites` of the target before giving up. */
const MAX_MERGE_ROUNDS = 4;

function writeKey(taskId: string, idx: number): string {
  return JSON.stringify([taskId, idx]);
}

/**
 * The source's calls reduced to the writes whose (task, idx) the target's log lacks, in the
 * source's order (so a special channel's last record still wins). The target's own writes
 * stay as they are: the same (task, idx) keeps the target's.
 */
export function missingWritesCalls(
  held: readonly WritesCall[],
  source: readonly WritesCall[],
): WritesCall[] {
  const present = new Set(
    held.flatMap((call) => call.writes.map((write) => writeKey(call.task_id, write.idx))),
  );
  const missing: WritesCall[] = [];
  for (const call of source) {
    const writes = call.writes.filter((write) => !present.has(writeKey(call.task_id, write.idx)));
    if (writes.length > 0) missing.push({ ...call, writes });
  }
  return missing;
}

/**
 * `copyThread` found the target already holding a checkpoint's writes log: appends the
 * source's writes it lacks. Replaced only while unchanged (ETag), so a concurrent `putWrites`
 * of the target is never lost; a retried copy finds nothing missing and writes nothing.
 */
export async function mergeWritesLog(
  container: Container,
  partitionKey: PartitionKey,
  source: WritesItem,
  meter: RequestMeter,
): Promise<void> {
  for (let round = 0; round < MAX_MERGE_ROUNDS; round += 1) {
    const held = await readItem<WritesItem & { _etag?: string }>(
      container,
      source.id,
      partitionKey,
      meter,
    );
    if (held === undefined) return;
    const missing = missingWritesCalls(held.calls, source.calls);
    if (missing.length === 0) return;
    const merged: Record<string, unknown> = { ...held, calls: [...held.calls, ...missing] };
    for (const name of Object.keys(merged)) {
      if (name.startsWith("_")) Reflect.deleteProperty(merged, name);
    }
    try {
      const response = await sendRequest(
        meter,
        (abortSignal) =>
          container.item(source.id, partitionKey).replace(merged, {
            abortSignal,
            accessCondition: { type: "IfMatch", condition: held._etag ?? "" },
          }),
        merged,
      );
      meter.add(response.requestCharge);
      return;
    } catch (error) {
      meter.addError(error);
      const status = cosmosStatusCode(error);
      if (status !== 412 && status !== 404) {
        throw meter.failure(error, container, "merge a writes item");
      }
    }
  }
  throw new CheckpointConflictError(
    "copyThread could not merge a checkpoint's writes: concurrent writers of the target thread kept changing them",
  );
}
