/**
 * Batch operations as the SDK sends them and their results as it reads them back, shared by
 * the transactional batch and the bulk API.
 */
import type { ItemOperation, OperationOutcome } from "./item-operations.js";
import { parsePartitionKeyHeader } from "./partition-key.js";

/** One operation as the SDK puts it on the wire. */
export interface WireBatchOperation {
  operationType?: string;
  id?: string;
  partitionKey?: string;
  ifMatch?: string;
  ifNoneMatch?: string;
  resourceBody?: unknown;
}

/** One entry of the response array, as the SDK's `OperationResponse` reads it. */
export interface WireOperationResult {
  statusCode: number;
  requestCharge: number;
  eTag?: string;
  resourceBody?: unknown;
  message?: string;
}

export class InvalidBatchError extends Error {}

export function toItemOperation(wire: WireBatchOperation, batchKey: string): ItemOperation {
  let partitionKey = batchKey;
  if (wire.partitionKey !== undefined) {
    const own = parsePartitionKeyHeader(wire.partitionKey);
    if (own.kind !== "key" || own.canonical !== batchKey) {
      throw new InvalidBatchError(
        "All operations of a transactional batch must target the batch's partition key.",
      );
    }
    partitionKey = own.canonical;
  }
  const preconditions = { ifMatch: wire.ifMatch, ifNoneMatch: wire.ifNoneMatch };
  const id = typeof wire.id === "string" ? wire.id : "";
  switch (wire.operationType) {
    case "Create":
      return { kind: "create", body: wire.resourceBody, partitionKey, ...preconditions };
    case "Upsert":
      return { kind: "upsert", body: wire.resourceBody, partitionKey, ...preconditions };
    case "Replace":
      return {
        kind: "replace",
        id: id || String((wire.resourceBody as { id?: unknown } | undefined)?.id ?? ""),
        body: wire.resourceBody,
        partitionKey,
        ...preconditions,
      };
    case "Read":
      return { kind: "read", id, partitionKey, ...preconditions };
    case "Delete":
      return { kind: "delete", id, partitionKey, ...preconditions };
    case "Patch":
      return { kind: "patch", id, body: wire.resourceBody, partitionKey, ...preconditions };
    default:
      throw new InvalidBatchError(
        `Operation type '${String(wire.operationType)}' is not supported in a batch.`,
      );
  }
}

export function resultOf(outcome: OperationOutcome): WireOperationResult {
  const result: WireOperationResult = { statusCode: outcome.statusCode, requestCharge: 1 };
  if (outcome.item) {
    result.eTag = outcome.item._etag;
    result.resourceBody = outcome.item;
  }
  if (outcome.error) result.message = outcome.error.message;
  return result;
}
