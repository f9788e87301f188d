import {
  BackendUnavailableError,
  CheckpointKitError,
  InvalidConfigError,
  PayloadTooLargeError,
} from "@checkpointkit/core";

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
const NETWORK_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "REQUEST_SEND_ERROR",
]);

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

export function containerMissingError(error: unknown): InvalidConfigError {
  return new InvalidConfigError(
    "the Cosmos DB database or container does not exist; create it or call setup({ createIfNotExists: true })",
    { cause: error, field: "containerId" },
  );
}

/**
 * Turns what the SDK threw into the typed errors of `@checkpointkit/core`. The SDK has already
 * retried throttling per its retry options when this runs, so a 429 here means the budget is
 * spent; its `retryAfterMs` is what the service last asked for.
 */
export function toSaverError(error: unknown, action: string): unknown {
  if (CheckpointKitError.isInstance(error)) return error;
  const shape = unwrapCosmosError(error);
  const code = shape.code;
  if (typeof code === "number") {
    if (isContainerMissing(error)) return containerMissingError(error);
    if (UNAVAILABLE_STATUS.has(code)) {
      const retryAfterMs = shape.retryAfterInMs ?? retryAfterHeader(shape.headers);
      return new BackendUnavailableError(
        `Cosmos DB could not ${action} (status ${code}${code === 429 ? ", throttled past the retry budget" : ""})`,
        {
          backend: "cosmos",
          cause: error,
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        },
      );
    }
    if (code === 413) {
      return new PayloadTooLargeError(`Cosmos DB rejected a request to ${action} as too large`, {
        cause: error,
        sizeBytes: Number.NaN,
        limitBytes: 2 * 1024 * 1024,
      });
    }
    if (code === 401 || code === 403) {
      return new InvalidConfigError(
        `Cosmos DB refused to ${action} (status ${code}): check the key or the credential's role`,
        { cause: error, field: "credential" },
      );
    }
    return error;
  }
  if (
    (typeof code === "string" && NETWORK_ERROR_CODES.has(code)) ||
    shape.name === "TimeoutError" ||
    shape.name === "AbortError"
  ) {
    return new BackendUnavailableError(`Cosmos DB could not ${action}: ${code ?? shape.name}`, {
      backend: "cosmos",
      cause: error,
    });
  }
  return error;
}

function retryAfterHeader(
  headers: Record<string, string | undefined> | undefined,
): number | undefined {
  const raw = headers?.["x-ms-retry-after-ms"];
  if (raw === undefined) return undefined;
  const value = Number.parseInt(raw, 10);
  return Number.isFinite(value) ? value : undefined;
}
