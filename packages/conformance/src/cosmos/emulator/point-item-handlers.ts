/**
 * The single-item routes: create and upsert (`POST .../docs`), read (`GET`), replace
 * (`PUT`), delete (`DELETE`) and patch (`PATCH .../docs/{id}`), all through the shared
 * item operations so they keep the service's rules.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { headerIsTrue, headerValue, parseJsonBody, readRequestBody, sendJson } from "./http-io.js";
import { MAX_ITEM_BYTES } from "./item-limits.js";
import {
  executeItemOperation,
  type ItemOperation,
  type OperationOutcome,
} from "./item-operations.js";
import type { ItemStore } from "./item-store.js";
import { parsePartitionKeyHeader } from "./partition-key.js";

function sendOutcome(req: IncomingMessage, res: ServerResponse, outcome: OperationOutcome): void {
  if (outcome.error) {
    sendJson(req, res, outcome.statusCode, outcome.error);
    return;
  }
  const headers: Record<string, string> = outcome.item ? { etag: outcome.item._etag } : {};
  sendJson(req, res, outcome.statusCode, outcome.item, headers);
}

/** Runs one point operation; `itemId` is the decoded id from the URL, absent for POST. */
export async function handlePointItemRequest(
  req: IncomingMessage,
  res: ServerResponse,
  store: ItemStore,
  itemId: string | undefined,
): Promise<void> {
  const header = parsePartitionKeyHeader(req.headers["x-ms-documentdb-partitionkey"]);
  if (header.kind === "invalid") {
    sendJson(req, res, 400, {
      code: "BadRequest",
      message: "The partition key header is malformed.",
    });
    return;
  }
  const partitionKey = header.kind === "key" ? header.canonical : undefined;
  const preconditions = {
    ifMatch: headerValue(req, "if-match"),
    ifNoneMatch: headerValue(req, "if-none-match"),
  };
  const rawBody = await readRequestBody(req);
  if (rawBody.length > MAX_ITEM_BYTES) {
    sendJson(req, res, 413, {
      code: "RequestEntityTooLarge",
      message: "Request size is too large.",
    });
    return;
  }
  const body = parseJsonBody(rawBody);
  let operation: ItemOperation;
  if (itemId === undefined) {
    const kind = headerIsTrue(req, "x-ms-documentdb-is-upsert") ? "upsert" : "create";
    operation = { kind, body, partitionKey, ...preconditions };
  } else if (req.method === "GET") {
    operation = { kind: "read", id: itemId, partitionKey, ...preconditions };
  } else if (req.method === "PUT") {
    operation = { kind: "replace", id: itemId, body, partitionKey, ...preconditions };
  } else if (req.method === "DELETE") {
    operation = { kind: "delete", id: itemId, partitionKey, ...preconditions };
  } else {
    operation = { kind: "patch", id: itemId, body, partitionKey, ...preconditions };
  }
  sendOutcome(req, res, executeItemOperation(store, operation));
}
