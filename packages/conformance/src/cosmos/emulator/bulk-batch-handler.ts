/**
 * The SDK's bulk API (`container.items.executeBulkOperations(...)`): a non-atomic batch
 * (`x-ms-cosmos-batch-atomic: False`) whose operations each name their own partition key.
 * Every operation stands alone: it is applied or fails by itself. With
 * `x-ms-cosmos-batch-continue-on-error: False` the ones after a failure are not run (424).
 * The response is 200 when all succeeded, else 207 Multi-Status.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  InvalidBatchError,
  resultOf,
  toItemOperation,
  type WireBatchOperation,
  type WireOperationResult,
} from "./batch-wire-format.js";
import { headerIsTrue, sendError, sendJson } from "./http-io.js";
import { MAX_BATCH_OPERATIONS } from "./item-limits.js";
import { executeItemOperation, type OperationOutcome } from "./item-operations.js";
import type { ItemStore } from "./item-store.js";
import { parsePartitionKeyHeader } from "./partition-key.js";

export function handleBulkBatch(
  req: IncomingMessage,
  res: ServerResponse,
  store: ItemStore,
  operations: WireBatchOperation[],
): void {
  if (operations.length > MAX_BATCH_OPERATIONS) {
    sendError(
      req,
      res,
      400,
      "BadRequest",
      `A bulk request takes at most ${MAX_BATCH_OPERATIONS} operations.`,
    );
    return;
  }
  const continueOnError = headerIsTrue(req, "x-ms-cosmos-batch-continue-on-error");
  const results: WireOperationResult[] = [];
  let stopped = false;
  for (const wire of operations) {
    if (stopped) {
      results.push({ statusCode: 424, requestCharge: 0, message: "Failed dependency." });
      continue;
    }
    let outcome: OperationOutcome;
    const own = parsePartitionKeyHeader(wire.partitionKey);
    if (own.kind !== "key") {
      outcome = {
        statusCode: 400,
        error: { code: "BadRequest", message: "A bulk operation needs its partition key." },
      };
    } else {
      try {
        outcome = executeItemOperation(store, toItemOperation(wire, own.canonical));
      } catch (error) {
        if (!(error instanceof InvalidBatchError)) throw error;
        outcome = { statusCode: 400, error: { code: "BadRequest", message: error.message } };
      }
    }
    results.push(resultOf(outcome));
    if (outcome.statusCode >= 400 && !continueOnError) stopped = true;
  }
  const allSucceeded = results.every((result) => result.statusCode < 400);
  sendJson(req, res, allSucceeded ? 200 : 207, results);
}
