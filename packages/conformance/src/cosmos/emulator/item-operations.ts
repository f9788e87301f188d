/**
 * One item operation with the service's rules and status codes, shared by the point
 * routes and the transactional batch so both behave alike: partition key checks, id
 * rules, `ifMatch` / `ifNoneMatch`, the 2 MB item limit, patch and conditional patch.
 */
import type { StoredItem } from "./base-server.js";
import { invalidIdReason, itemSizeBytes, MAX_ITEM_BYTES } from "./item-limits.js";
import {
  applyPatch,
  InvalidPatchError,
  parsePatchRequest,
  patchConditionHolds,
} from "./item-patch.js";
import type { ItemStore } from "./item-store.js";
import { partitionKeyPaths } from "./partition-key.js";

interface Preconditions {
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
}

/**
 * `partitionKey` is the canonical key the request names (header, or the batch operation's own),
 * undefined when it names none.
 */
export type ItemOperation =
  | ({ kind: "create"; body: unknown; partitionKey: string | undefined } & Preconditions)
  | ({ kind: "upsert"; body: unknown; partitionKey: string | undefined } & Preconditions)
  | ({
      kind: "replace";
      id: string;
      body: unknown;
      partitionKey: string | undefined;
    } & Preconditions)
  | ({ kind: "read"; id: string; partitionKey: string | undefined } & Preconditions)
  | ({ kind: "delete"; id: string; partitionKey: string | undefined } & Preconditions)
  | ({
      kind: "patch";
      id: string;
      body: unknown;
      partitionKey: string | undefined;
    } & Preconditions);

export interface OperationOutcome {
  statusCode: number;
  /** The item after the operation (or as read); absent for deletes, 304s and failures. */
  item?: StoredItem;
  /** Error code and message in the service's JSON error shape, for failures. */
  error?: { code: string; message: string };
}

function failure(statusCode: number, code: string, message: string): OperationOutcome {
  return { statusCode, error: { code, message } };
}

const notFound = () =>
  failure(404, "NotFound", "Entity with the specified id does not exist in the system.");
const preconditionFailed = () =>
  failure(
    412,
    "PreconditionFailed",
    "Operation cannot be performed because one of the specified precondition is not met.",
  );
const tooLarge = () => failure(413, "RequestEntityTooLarge", "Request size is too large.");
const keyMismatch = () =>
  failure(
    400,
    "BadRequest",
    "PartitionKey extracted from document doesn't match the one specified in the header.",
  );
const keyMissing = () =>
  failure(
    400,
    "BadRequest",
    "The partition key supplied in x-ms-partitionkey header has fewer components than defined in the collection, or none.",
  );

function etagMatches(condition: string | undefined, item: StoredItem): boolean {
  return condition === undefined || condition === "*" || condition === item._etag;
}

/** Checks a body the user wants stored; returns the failure or the item with a valid id. */
function validateBody(
  store: ItemStore,
  body: unknown,
  partitionKey: string | undefined,
): OperationOutcome | (Record<string, unknown> & { id: string }) {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    return failure(400, "BadRequest", "The request body must be a JSON object.");
  }
  const item = body as Record<string, unknown> & { id: string };
  const idProblem = invalidIdReason(item.id);
  if (idProblem) return failure(400, "BadRequest", idProblem);
  if (itemSizeBytes(item) > MAX_ITEM_BYTES) return tooLarge();
  if (partitionKey !== undefined && store.partitionKeyOf(item) !== partitionKey) {
    return keyMismatch();
  }
  return item;
}

function isOutcome(value: unknown): value is OperationOutcome {
  return typeof (value as OperationOutcome).statusCode === "number";
}

/** Point operations must name the item's full partition key. */
function requireFullKey(store: ItemStore, partitionKey: string | undefined): boolean {
  if (partitionKey === undefined) return false;
  const components = JSON.parse(partitionKey) as unknown[];
  return components.length === partitionKeyPaths(store.container).length;
}

export function executeItemOperation(store: ItemStore, operation: ItemOperation): OperationOutcome {
  switch (operation.kind) {
    case "create": {
      const item = validateBody(store, operation.body, operation.partitionKey);
      if (isOutcome(item)) return item;
      const partitionKey = store.partitionKeyOf(item);
      if (store.find(partitionKey, item.id)) {
        return failure(
          409,
          "Conflict",
          "Entity with the specified id already exists in the system.",
        );
      }
      const unique = store.uniqueKeyConflict(item, partitionKey);
      if (unique) return failure(409, "Conflict", `Unique key (${unique}) violation.`);
      return { statusCode: 201, item: store.insert(item) };
    }
    case "upsert": {
      const item = validateBody(store, operation.body, operation.partitionKey);
      if (isOutcome(item)) return item;
      const partitionKey = store.partitionKeyOf(item);
      const existing = store.find(partitionKey, item.id);
      // An upsert's ifMatch only guards the replace path: a missing item is created.
      if (existing && !etagMatches(operation.ifMatch, existing)) return preconditionFailed();
      const unique = store.uniqueKeyConflict(item, partitionKey);
      if (unique) return failure(409, "Conflict", `Unique key (${unique}) violation.`);
      return existing
        ? { statusCode: 200, item: store.replace(existing, item) }
        : { statusCode: 201, item: store.insert(item) };
    }
    case "replace": {
      const item = validateBody(store, operation.body, operation.partitionKey);
      if (isOutcome(item)) return item;
      if (item.id !== operation.id) {
        return failure(400, "BadRequest", "The id in the body does not match the id in the URI.");
      }
      const partitionKey = store.partitionKeyOf(item);
      const existing = store.find(partitionKey, item.id);
      if (!existing) return notFound();
      if (!etagMatches(operation.ifMatch, existing)) return preconditionFailed();
      const unique = store.uniqueKeyConflict(item, partitionKey);
      if (unique) return failure(409, "Conflict", `Unique key (${unique}) violation.`);
      return { statusCode: 200, item: store.replace(existing, item) };
    }
    case "read": {
      if (!requireFullKey(store, operation.partitionKey)) return keyMissing();
      const existing = store.find(operation.partitionKey!, operation.id);
      if (!existing) return notFound();
      if (operation.ifNoneMatch !== undefined && etagMatches(operation.ifNoneMatch, existing)) {
        return { statusCode: 304 };
      }
      return { statusCode: 200, item: existing };
    }
    case "delete": {
      if (!requireFullKey(store, operation.partitionKey)) return keyMissing();
      const existing = store.find(operation.partitionKey!, operation.id);
      if (!existing) return notFound();
      if (!etagMatches(operation.ifMatch, existing)) return preconditionFailed();
      store.remove(existing);
      return { statusCode: 204 };
    }
    case "patch":
      return executePatch(store, operation);
  }
}

function executePatch(
  store: ItemStore,
  operation: Extract<ItemOperation, { kind: "patch" }>,
): OperationOutcome {
  if (!requireFullKey(store, operation.partitionKey)) return keyMissing();
  const existing = store.find(operation.partitionKey!, operation.id);
  if (!existing) return notFound();
  if (!etagMatches(operation.ifMatch, existing)) return preconditionFailed();
  try {
    const request = parsePatchRequest(operation.body);
    if (request.condition !== undefined && !patchConditionHolds(existing, request.condition)) {
      return preconditionFailed();
    }
    const protectedPaths = ["/id", "/_rid", "/_self", "/_etag", "/_ts", "/_attachments"].concat(
      partitionKeyPaths(store.container),
    );
    const patched = applyPatch(existing, request.operations, protectedPaths) as Record<
      string,
      unknown
    > & { id: string };
    if (itemSizeBytes(patched) > MAX_ITEM_BYTES) return tooLarge();
    return { statusCode: 200, item: store.replace(existing, patched) };
  } catch (error) {
    if (error instanceof InvalidPatchError) return failure(400, "BadRequest", error.message);
    throw error;
  }
}
