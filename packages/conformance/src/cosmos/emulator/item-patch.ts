/**
 * Partial document update (`item.patch(...)` and Patch inside a batch): the operations
 * add, set, replace, remove, incr and move on JSON-pointer paths, and the optional
 * `condition` (a `FROM c WHERE ...` predicate that must hold for the current item, else 412).
 * Written here because the base server only patches single items outside batches and
 * lower-cases the condition before running it, which breaks string comparisons.
 */
import cosmosQuery from "@zeit/cosmosdb-query";

export interface PatchOperation {
  op: "add" | "set" | "replace" | "remove" | "incr" | "move";
  path: string;
  value?: unknown;
  from?: string;
}

/** The body the SDK sends: an array of operations or `{ operations, condition }`. */
export interface PatchRequest {
  operations: PatchOperation[];
  condition?: string;
}

/** Most operations one patch request may carry. */
export const MAX_PATCH_OPERATIONS = 10;

/** A patch the service rejects with 400. */
export class InvalidPatchError extends Error {}

type JsonContainer = Record<string, unknown> | unknown[];

export function parsePatchRequest(body: unknown): PatchRequest {
  if (Array.isArray(body)) return { operations: body as PatchOperation[] };
  if (body && typeof body === "object" && Array.isArray((body as PatchRequest).operations)) {
    const { operations, condition } = body as PatchRequest;
    return condition === undefined ? { operations } : { operations, condition };
  }
  throw new InvalidPatchError("Invalid patch request: check syntax of patch specification.");
}

function segmentsOf(path: unknown): string[] {
  if (typeof path !== "string" || !path.startsWith("/") || path === "/") {
    throw new InvalidPatchError(`Invalid patch path '${String(path)}'.`);
  }
  return path
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The object or array holding the last segment; it must already exist. */
function parentOf(document: Record<string, unknown>, segments: string[]): JsonContainer {
  let current: unknown = document;
  for (const segment of segments.slice(0, -1)) {
    if (Array.isArray(current)) current = current[arrayIndex(current, segment, false)];
    else if (current && typeof current === "object") {
      current = (current as Record<string, unknown>)[segment];
    } else current = undefined;
    if (current === undefined || current === null || typeof current !== "object") {
      throw new InvalidPatchError(`The path '/${segments.join("/")}' has no parent to patch.`);
    }
  }
  return current as JsonContainer;
}

function arrayIndex(array: unknown[], segment: string, allowEnd: boolean): number {
  if (allowEnd && segment === "-") return array.length;
  const index = /^\d+$/.test(segment) ? Number(segment) : Number.NaN;
  const limit = allowEnd ? array.length : array.length - 1;
  if (Number.isNaN(index) || index > limit) {
    throw new InvalidPatchError(`Index '${segment}' is out of the array's bounds.`);
  }
  return index;
}

function readAt(document: Record<string, unknown>, segments: string[]): unknown {
  const parent = parentOf(document, segments);
  const last = segments[segments.length - 1]!;
  if (Array.isArray(parent)) return parent[arrayIndex(parent, last, false)];
  if (!(last in parent)) {
    throw new InvalidPatchError(`The path '/${segments.join("/")}' does not exist.`);
  }
  return parent[last];
}

function removeAt(document: Record<string, unknown>, segments: string[]): void {
  const parent = parentOf(document, segments);
  const last = segments[segments.length - 1]!;
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, false), 1);
  else if (last in parent) delete parent[last];
  else throw new InvalidPatchError(`The path '/${segments.join("/")}' does not exist.`);
}

function applyOne(document: Record<string, unknown>, operation: PatchOperation): void {
  const segments = segmentsOf(operation.path);
  const last = segments[segments.length - 1]!;
  const parent = parentOf(document, segments);
  switch (operation.op) {
    case "add":
      if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true), 0, operation.value);
      else parent[last] = operation.value;
      return;
    case "set":
      if (Array.isArray(parent)) parent[arrayIndex(parent, last, true)] = operation.value;
      else parent[last] = operation.value;
      return;
    case "replace":
      readAt(document, segments);
      if (Array.isArray(parent)) parent[arrayIndex(parent, last, false)] = operation.value;
      else parent[last] = operation.value;
      return;
    case "remove":
      removeAt(document, segments);
      return;
    case "incr": {
      if (typeof operation.value !== "number") {
        throw new InvalidPatchError("The increment value must be a number.");
      }
      const current = Array.isArray(parent)
        ? parent[arrayIndex(parent, last, false)]
        : parent[last];
      if (current !== undefined && typeof current !== "number") {
        throw new InvalidPatchError(`The value at '${operation.path}' is not a number.`);
      }
      const next = (current ?? 0) + operation.value;
      if (Array.isArray(parent)) parent[arrayIndex(parent, last, false)] = next;
      else parent[last] = next;
      return;
    }
    case "move": {
      const fromSegments = segmentsOf(operation.from);
      if (operation.from === operation.path) return;
      if (operation.path.startsWith(`${operation.from}/`)) {
        throw new InvalidPatchError("A value cannot be moved into one of its own children.");
      }
      const value = readAt(document, fromSegments);
      removeAt(document, fromSegments);
      applyOne(document, { op: "set", path: operation.path, value });
      return;
    }
    default:
      throw new InvalidPatchError(`Unknown patch operation '${String(operation.op)}'.`);
  }
}

/**
 * The patched copy of `item`. `protectedPaths` (id, partition key paths, system properties)
 * cannot be touched, as on the service.
 */
export function applyPatch(
  item: Record<string, unknown>,
  operations: PatchOperation[],
  protectedPaths: string[],
): Record<string, unknown> {
  if (operations.length === 0 || operations.length > MAX_PATCH_OPERATIONS) {
    throw new InvalidPatchError(
      `A patch request takes 1 to ${MAX_PATCH_OPERATIONS} operations, got ${operations.length}.`,
    );
  }
  const patched = structuredClone(item);
  for (const operation of operations) {
    for (const path of [operation.path, operation.from]) {
      if (path === undefined) continue;
      if (protectedPaths.some((guarded) => path === guarded || path.startsWith(`${guarded}/`))) {
        throw new InvalidPatchError(`The path '${path}' cannot be patched.`);
      }
    }
    applyOne(patched, operation);
  }
  return patched;
}

/** Whether `condition` (`FROM c WHERE ...`) holds for the item; a malformed one is a 400. */
export function patchConditionHolds(item: Record<string, unknown>, condition: string): boolean {
  try {
    const result = cosmosQuery(`SELECT VALUE 1 ${condition}`).exec([item]) as {
      result: unknown[];
    };
    return result.result.length > 0;
  } catch (error) {
    throw new InvalidPatchError(`Invalid patch condition: ${(error as Error).message}`);
  }
}
