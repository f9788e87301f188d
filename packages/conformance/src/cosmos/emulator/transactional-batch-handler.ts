/**
 * Transactional batch (`container.items.batch(operations, partitionKey)`): a POST to
 * `.../docs` with `x-ms-cosmos-is-batch-request` and `x-ms-cosmos-batch-atomic`, the body a
 * JSON array of operations for one logical partition. All or nothing, like the service:
 * - success: 200 and one `{ statusCode, requestCharge, eTag, resourceBody }` per operation;
 * - an operation fails: nothing is applied, 207 Multi-Status, the failing operation carries
 *   its own status and every other one 424 (Failed Dependency);
 * - more than 100 operations, operations of another partition, no partition key: 400;
 *   a request body over 2 MB: 413.
 * The base server applies operations one by one and keeps those before a failure.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  InvalidBatchError,
  resultOf,
  toItemOperation,
  type WireBatchOperation,
} from "./batch-wire-format.js";
import { handleBulkBatch } from "./bulk-batch-handler.js";
import {
  headerIsTrue,
  headerValue,
  parseJsonBody,
  readRequestBody,
  sendError,
  sendJson,
} from "./http-io.js";
import { MAX_BATCH_OPERATIONS, MAX_BATCH_REQUEST_BYTES } from "./item-limits.js";
import {
  executeItemOperation,
  type ItemOperation,
  type OperationOutcome,
} from "./item-operations.js";
import type { ItemStore } from "./item-store.js";
import { parsePartitionKeyHeader } from "./partition-key.js";

/** A batch request: transactional when `x-ms-cosmos-batch-atomic` is true, else bulk. */
export async function handleBatchRequest(
  req: IncomingMessage,
  res: ServerResponse,
  store: ItemStore,
): Promise<void> {
  const rawBody = await readRequestBody(req);
  if (rawBody.length > MAX_BATCH_REQUEST_BYTES) {
    sendError(req, res, 413, "RequestEntityTooLarge", "Request size is too large.");
    return;
  }
  const body = parseJsonBody(rawBody);
  if (!Array.isArray(body) || body.length === 0) {
    sendError(
      req,
      res,
      400,
      "BadRequest",
      "A batch request needs a non-empty array of operations.",
    );
    return;
  }
  if (!headerIsTrue(req, "x-ms-cosmos-batch-atomic")) {
    handleBulkBatch(req, res, store, body as WireBatchOperation[]);
    return;
  }
  if (body.length > MAX_BATCH_OPERATIONS) {
    sendError(
      req,
      res,
      400,
      "BadRequest",
      `A transactional batch takes at most ${MAX_BATCH_OPERATIONS} operations, got ${body.length}.`,
    );
    return;
  }
  const header = parsePartitionKeyHeader(headerValue(req, "x-ms-documentdb-partitionkey"));
  if (header.kind !== "key") {
    sendError(req, res, 400, "BadRequest", "A transactional batch needs a partition key.");
    return;
  }
  let operations: ItemOperation[];
  try {
    operations = (body as WireBatchOperation[]).map((wire) =>
      toItemOperation(wire, header.canonical),
    );
  } catch (error) {
    if (!(error instanceof InvalidBatchError)) throw error;
    sendError(req, res, 400, "BadRequest", error.message);
    return;
  }

  // Operations run synchronously, so no other request can observe a half-applied batch.
  // A batch of reads changes nothing to roll back; copying the container for it would make
  // every read batch cost as much as the container is large.
  const restore = operations.every((operation) => operation.kind === "read")
    ? () => {}
    : store.snapshot();
  const outcomes: OperationOutcome[] = [];
  try {
    for (const operation of operations) {
      const outcome = executeItemOperation(store, operation);
      outcomes.push(outcome);
      if (outcome.statusCode >= 400) break;
    }
  } catch (error) {
    restore();
    throw error;
  }
  const failedIndex = outcomes.findIndex((outcome) => outcome.statusCode >= 400);
  if (failedIndex === -1) {
    sendJson(req, res, 200, outcomes.map(resultOf), {
      "x-ms-request-charge": String(outcomes.length),
    });
    return;
  }
  restore();
  const results = operations.map((_, index) =>
    index === failedIndex
      ? resultOf(outcomes[index]!)
      : { statusCode: 424, requestCharge: 0, message: "Failed dependency." },
  );
  sendJson(req, res, 207, results);
}
