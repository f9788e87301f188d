import type { Container } from "@azure/cosmos";
import {
  BackendUnavailableError,
  CheckpointConflictError,
  CheckpointKitError,
  InvalidConfigError,
  PayloadTooLargeError,
} from "@checkpointkit/core";
import { describeNetworkFailure } from "./cosmos-network-failures.js";

/** What the SDK puts on errors it throws (`ErrorResponse`, network errors). */
interface CosmosErrorShape {
  code?: number | string;
  substatus?: number;
  retryAfterInMs?: number;
  headers?: Record<string, string | undefined>;
  body?: unknown;
  name?: string;
  message?: string;
  cause?: unknown;
}

/** Status codes after which retrying later can succeed. */
const UNAVAILABLE_STATUS = new Set([408, 410, 429, 449, 500, 502, 503, 504]);
/** The service refused the request itself: retrying it unchanged fails the same way. */
const REJECTED_REQUEST_STATUS = new Set([400, 405, 422, 501]);

function asShape(error: unknown): CosmosErrorShape {
  return typeof error === "object" && error !== null ? (error as CosmosErrorShape) : {};
}

/** `items.batch` wraps the service error in `Error("Batch request error: ...", { cause })`. */
export function unwrapCosmosError(error: unknown): CosmosErrorShape {
  const shape = asShape(error);
  if (shape.code === undefined && shape.cause !== undefined) {
    return unwrapCosmosError(shape.cause);
  }
  return shape;
}

export function cosmosStatusCode(error: unknown): number | undefined {
  const code = unwrapCosmosError(error).code;
  return typeof code === "number" ? code : undefined;
}

/** 404 substatus the service sends when the database or container itself does not exist. */
const OWNER_RESOURCE_MISSING = 1003;

/** The 404 is about the container (or database), not about an item in it. */
export function isContainerMissing(error: unknown): boolean {
  const shape = unwrapCosmosError(error);
  return shape.code === 404 && shape.substatus === OWNER_RESOURCE_MISSING;
}

export function containerMissingError(error: unknown, container: Container): InvalidConfigError {
  return new InvalidConfigError(
    `Cosmos DB container "${container.id}" of database "${container.database.id}" does not exist (status 404): check databaseId and containerId, or call setup({ createIfNotExists: true }) once`,
    { cause: error, field: "containerId" },
  );
}

/** Status, substatus and the service's own words, for messages. */
function statusDetails(shape: CosmosErrorShape, code: number): string {
  const substatus = shape.substatus === undefined ? "" : `, substatus ${shape.substatus}`;
  const serviceMessage = firstLine(
    typeof shape.body === "object" && shape.body !== null
      ? (shape.body as { message?: unknown }).message
      : undefined,
  );
  return `status ${code}${substatus}${serviceMessage === "" ? "" : `: ${serviceMessage}`}`;
}

function firstLine(text: unknown): string {
  return typeof text === "string" ? (text.split(/\r?\n/, 1)[0] ?? "").slice(0, 200) : "";
}

/** Where the failure happened, for messages: the saver operation and the request it made. */
export interface FailureContext {
  /** The saver operation, e.g. `put`. */
  operation: string;
  /** What the failed request was doing, e.g. `write a transactional batch`. */
  action: string;
  container: Container;
}

/**
 * Turns what the SDK threw into the typed errors of `@checkpointkit/core`. The SDK has already
 * retried throttling per its retry options when this runs, so a 429 here means the budget is
 * spent; its `retryAfterMs` is what the service last asked for.
 */
export function toSaverError(error: unknown, context: FailureContext): CheckpointKitError {
  if (CheckpointKitError.isInstance(error)) return error;
  const shape = unwrapCosmosError(error);
  const code = shape.code;
  const failed = `${context.operation}: Cosmos DB could not ${context.action}`;
  if (typeof code === "number") {
    const details = statusDetails(shape, code);
    if (isContainerMissing(error)) return containerMissingError(error, context.container);
    if (UNAVAILABLE_STATUS.has(code)) {
      const retryAfterMs = shape.retryAfterInMs ?? retryAfterHeader(shape.headers);
      return new BackendUnavailableError(
        `${failed} (${details}${code === 429 ? "; throttled past the retry budget" : ""})`,
        {
          backend: "cosmos",
          cause: error,
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        },
      );
    }
    if (code === 413) {
      return new PayloadTooLargeError(`${failed}: the request is too large (${details})`, {
        cause: error,
        sizeBytes: Number.NaN,
        limitBytes: 2 * 1024 * 1024,
      });
    }
    if (code === 401 || code === 403) {
      return new InvalidConfigError(
        `${failed}: authentication refused (${details}); check the account key, or the credential's data-plane role`,
        { cause: error, field: "credential" },
      );
    }
    if (REJECTED_REQUEST_STATUS.has(code)) {
      return new InvalidConfigError(`${failed}: the service rejected the request (${details})`, {
        cause: error,
      });
    }
    return new CheckpointConflictError(
      `${failed} (${details}): the items changed while the operation ran`,
      { cause: error },
    );
  }
  const networkFailure = describeNetworkFailure(shape);
  return new BackendUnavailableError(
    `${failed}: ${networkFailure ?? `unexpected failure (${shape.name ?? "Error"}: ${firstLine(shape.message)})`}`,
    { backend: "cosmos", cause: error },
  );
}

function retryAfterHeader(
  headers: Record<string, string | undefined> | undefined,
): number | undefined {
  const raw = headers?.["x-ms-retry-after-ms"];
  if (raw === undefined) return undefined;
  const value = Number.parseInt(raw, 10);
  return Number.isFinite(value) ? value : undefined;
}
