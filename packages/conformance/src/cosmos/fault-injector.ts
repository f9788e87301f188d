/**
 * Fault injection and request counting for `@azure/cosmos` clients, as an SDK plugin at the
 * request level: it sees every HTTP attempt, retries included, so the SDK's own retry policies
 * handle injected faults exactly as they handle the service's. Works against any endpoint
 * (in-process server, emulator, Azure), since nothing on the server side changes.
 */
import { randomUUID } from "node:crypto";
import { ErrorResponse, type PluginConfig, type RequestContext } from "@azure/cosmos";

/** One HTTP attempt the SDK made (or would have made, when a fault was injected instead). */
export interface RecordedCosmosRequest {
  method: string;
  path: string;
  /** The SDK's operation type: `create`, `read`, `upsert`, `replace`, `delete`, `query`, `batch`, `patch`, ... */
  operationType: string | undefined;
  /** The SDK's resource type: `docs`, `colls`, `dbs`, `pkranges`, ... */
  resourceType: string | undefined;
  /** The query plan request the SDK sends beside the first page of a query. */
  isQueryPlan: boolean;
  /** Status of the injected fault that answered this attempt, if one did. */
  injectedStatus?: number;
}

/** Which requests a fault applies to; every field that is set must match. */
export interface CosmosFaultFilter {
  operationType?: string;
  resourceType?: string;
}

export interface CosmosFaultInjector {
  /** Pass in `plugins` (e.g. `createCosmosTestClient(server, { plugins: [injector.plugin] })`). */
  readonly plugin: PluginConfig;
  /**
   * The next `count` matching attempts fail with 429 (substatus 3200) and
   * `x-ms-retry-after-ms: retryAfterMs`, which the SDK's throttle policy waits out and retries.
   */
  inject429(count: number, retryAfterMs?: number, filter?: CosmosFaultFilter): void;
  /** The next `count` matching attempts fail with 503 Service Unavailable. */
  inject503(count: number, filter?: CosmosFaultFilter): void;
  /** Drops faults not yet delivered. */
  clear(): void;
  /** Attempts seen since the last `reset()`, injected faults included. */
  readonly requestCount: number;
  /** Attempts since the last `reset()` that match `filter`. */
  countRequests(filter?: CosmosFaultFilter & { isQueryPlan?: boolean }): number;
  /** Every attempt since the last `reset()`, oldest first. */
  readonly requests: readonly RecordedCosmosRequest[];
  /** Forgets recorded attempts (pending faults stay). */
  reset(): void;
}

interface PendingFault {
  status: 429 | 503;
  remaining: number;
  retryAfterMs: number;
  filter: CosmosFaultFilter;
}

/** Default wait the injected 429s ask for: short, so tests stay quick. */
const DEFAULT_RETRY_AFTER_MS = 10;

function matches(filter: CosmosFaultFilter, request: RecordedCosmosRequest): boolean {
  return (
    (filter.operationType === undefined || filter.operationType === request.operationType) &&
    (filter.resourceType === undefined || filter.resourceType === request.resourceType)
  );
}

/** The error the SDK itself builds from a 429 or 503 response of the service. */
function serviceError(fault: PendingFault): ErrorResponse {
  const throttled = fault.status === 429;
  const message = throttled
    ? "Request rate is large. More Request Units may be needed, so no changes were made. (injected)"
    : "Service is currently unavailable. (injected)";
  const error = new ErrorResponse(message);
  const activityId = randomUUID();
  error.code = fault.status;
  error.activityId = activityId;
  error.body = { code: throttled ? "TooManyRequests" : "ServiceUnavailable", message };
  error.headers = { "x-ms-activity-id": activityId, "x-ms-request-charge": 0 };
  if (throttled) {
    error.substatus = 3200;
    error.retryAfterInMs = fault.retryAfterMs;
    error.headers["x-ms-retry-after-ms"] = String(fault.retryAfterMs);
    error.headers["x-ms-substatus"] = "3200";
    Object.defineProperty(error, "retryAfterInMilliseconds", { get: () => error.retryAfterInMs });
  }
  return error;
}

export function createCosmosFaultInjector(): CosmosFaultInjector {
  let faults: PendingFault[] = [];
  let requests: RecordedCosmosRequest[] = [];

  const plugin: PluginConfig = {
    on: "request",
    plugin: async (context: RequestContext, _diagnosticNode, next) => {
      const headers = context.headers ?? {};
      const request: RecordedCosmosRequest = {
        method: String(context.method),
        path: context.path ?? "",
        operationType: context.operationType,
        resourceType: context.resourceType,
        isQueryPlan: String(headers["x-ms-cosmos-is-query-plan-request"]).toLowerCase() === "true",
      };
      requests.push(request);
      const fault = faults.find(
        (pending) => pending.remaining > 0 && matches(pending.filter, request),
      );
      if (fault) {
        fault.remaining -= 1;
        faults = faults.filter((pending) => pending.remaining > 0);
        request.injectedStatus = fault.status;
        throw serviceError(fault);
      }
      return next(context);
    },
  };

  return {
    plugin,
    inject429(count, retryAfterMs = DEFAULT_RETRY_AFTER_MS, filter = {}) {
      faults.push({ status: 429, remaining: count, retryAfterMs, filter });
    },
    inject503(count, filter = {}) {
      faults.push({ status: 503, remaining: count, retryAfterMs: 0, filter });
    },
    clear() {
      faults = [];
    },
    get requestCount() {
      return requests.length;
    },
    countRequests(filter = {}) {
      return requests.filter(
        (request) =>
          matches(filter, request) &&
          (filter.isQueryPlan === undefined || filter.isQueryPlan === request.isQueryPlan),
      ).length;
    },
    get requests() {
      return requests;
    },
    reset() {
      requests = [];
    },
  };
}
