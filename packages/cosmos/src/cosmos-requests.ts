import type {
  Container,
  FeedOptions,
  OperationInput,
  PartitionKey,
  SqlQuerySpec,
} from "@azure/cosmos";
import { CheckpointKitError } from "@checkpointkit/core";
import {
  countBytesRead,
  countBytesWritten,
  countRoundTrip,
  isOperationRecorded,
} from "@checkpointkit/core/internal";
import { type RequestDeadline, UNBOUNDED } from "./cosmos-deadline.js";
import {
  containerMissingError,
  cosmosStatusCode,
  isContainerMissing,
  toSaverError,
  unwrapCosmosError,
} from "./cosmos-errors.js";
import type { CosmosOperationName } from "./cosmos-saver-options.js";

/**
 * What every request of one saver operation shares: the operation's name (for error
 * messages), its deadline, and the sum of the request units (RU) it consumed, failed
 * requests included.
 */
export class RequestMeter {
  requestUnits = 0;
  readonly operation: CosmosOperationName;
  readonly deadline: RequestDeadline;

  constructor(operation: CosmosOperationName, deadline: RequestDeadline = UNBOUNDED) {
    this.operation = operation;
    this.deadline = deadline;
  }

  add(requestUnits: number | undefined): void {
    if (typeof requestUnits === "number" && Number.isFinite(requestUnits)) {
      this.requestUnits += requestUnits;
    }
  }

  addHeaders(headers: Record<string, unknown> | undefined): void {
    const raw = headers?.["x-ms-request-charge"];
    if (raw !== undefined) this.add(Number(raw));
  }

  addError(error: unknown): void {
    this.addHeaders(unwrapCosmosError(error).headers);
  }

  /** The typed error for a failed request of this operation. */
  failure(error: unknown, container: Container, action: string): Error {
    return toSaverError(error, { operation: this.operation, action, container });
  }
}

/** UTF-8 bytes of a JSON document, as the saver hands it to the SDK or receives it. */
function jsonBytes(document: unknown): number {
  if (document === undefined || document === null) return 0;
  return Buffer.byteLength(JSON.stringify(document), "utf8");
}

/** The documents of a response: an item, a query page or a batch's per-operation results. */
function replyDocuments(response: unknown): unknown {
  if (response === null || typeof response !== "object") return undefined;
  const { resource, resources, result } = response as Record<string, unknown>;
  return resource ?? resources ?? result;
}

/**
 * A keep-alive socket the server closed while this process was busy fails the next request
 * with ECONNRESET before anything reached the server; the SDK retries that only for reads.
 * Every write of the saver is idempotent, so one more attempt on a fresh socket is safe.
 * Each attempt runs under the operation's deadline.
 */
export async function sendRequest<T>(
  meter: RequestMeter,
  request: (signal: AbortSignal | undefined) => Promise<T>,
  /** The document(s) the request sends, measured for the operation's span. */
  sent?: unknown,
): Promise<T> {
  // Each attempt is one request on the operation's span (the SDK's own retries and query-plan
  // requests happen below this and are not seen here). Bytes are the JSON documents as the
  // saver sends and receives them, measured only while a span records: the SDK does not
  // report wire sizes, and measuring costs a JSON.stringify.
  const attempt = async (signal: AbortSignal | undefined) => {
    countRoundTrip();
    const recorded = isOperationRecorded();
    if (recorded) countBytesWritten(jsonBytes(sent));
    const response = await request(signal);
    if (recorded) countBytesRead(jsonBytes(replyDocuments(response)));
    return response;
  };
  try {
    return await meter.deadline.run(attempt);
  } catch (error) {
    // The saver's own errors (a passed deadline) are final.
    if (CheckpointKitError.isInstance(error)) throw error;
    const shape = unwrapCosmosError(error);
    const reset =
      shape.code === "ECONNRESET" ||
      shape.code === "EPIPE" ||
      /socket hang up/i.test(String(shape.message ?? ""));
    if (!reset) throw error;
    return meter.deadline.run(attempt);
  }
}

/** Point read; `undefined` when the item does not exist. */
export async function readItem<T>(
  container: Container,
  id: string,
  partitionKey: PartitionKey,
  meter: RequestMeter,
): Promise<T | undefined> {
  try {
    const response = await sendRequest(meter, (abortSignal) =>
      container.item(id, partitionKey).read({ abortSignal }),
    );
    meter.add(response.requestCharge);
    // The SDK answers a 404 of a point read with a response, not an error.
    if (response.statusCode === 404) {
      if (isContainerMissing({ code: 404, substatus: response.substatus })) {
        throw containerMissingError(response, container);
      }
      return undefined;
    }
    return response.resource as T | undefined;
  } catch (error) {
    meter.addError(error);
    if (cosmosStatusCode(error) === 404 && !isContainerMissing(error)) return undefined;
    throw meter.failure(error, container, "read an item");
  }
}

/** Yields a query's results page by page, following continuation tokens. */
export async function* queryPages<T>(
  container: Container,
  query: SqlQuerySpec,
  options: FeedOptions,
  meter: RequestMeter,
): AsyncGenerator<T[]> {
  // The iterator takes its abort signal once, the deadline hands one per request: a deadline
  // that passes aborts the whole query, which is then abandoned anyway.
  const abortQuery = new AbortController();
  const iterator = container.items.query<T>(query, { ...options, abortSignal: abortQuery.signal });
  let linkedSignal: AbortSignal | undefined;
  const fetchNext = (signal: AbortSignal | undefined) => {
    if (signal !== undefined && signal !== linkedSignal) {
      linkedSignal = signal;
      signal.addEventListener("abort", () => abortQuery.abort(signal.reason), { once: true });
    }
    return iterator.fetchNext();
  };
  while (iterator.hasMoreResults()) {
    let page: { resources: T[]; requestCharge: number };
    try {
      page = await sendRequest(meter, fetchNext);
    } catch (error) {
      meter.addError(error);
      throw meter.failure(error, container, "run a query");
    }
    meter.add(page.requestCharge);
    if (page.resources.length > 0) yield page.resources;
  }
}

/** All results of a query; for queries whose result is bounded by what one checkpoint holds. */
export async function queryAll<T>(
  container: Container,
  query: SqlQuerySpec,
  partitionKey: PartitionKey | undefined,
  meter: RequestMeter,
): Promise<T[]> {
  const results: T[] = [];
  const options: FeedOptions = partitionKey === undefined ? {} : { partitionKey };
  for await (const page of queryPages<T>(container, query, options, meter)) {
    results.push(...page);
  }
  return results;
}

/** Result of a transactional batch: applied as a whole, or not at all. */
export type BatchOutcome =
  | { applied: true }
  | { applied: false; failedIndex: number; failedStatus: number };

/**
 * Runs one transactional batch. A failed operation (409, 412, 404) aborts the whole batch and
 * is reported, not thrown, so the caller can decide what to resend; anything else throws.
 */
export async function executeBatch(
  container: Container,
  partitionKey: PartitionKey,
  operations: OperationInput[],
  meter: RequestMeter,
): Promise<BatchOutcome> {
  let statuses: number[];
  try {
    const response = await sendRequest(
      meter,
      (abortSignal) => container.items.batch(operations, partitionKey, { abortSignal }),
      operations,
    );
    meter.addHeaders(response.headers);
    statuses = (response.result ?? []).map((result) => result.statusCode);
  } catch (error) {
    meter.addError(error);
    const shape = unwrapCosmosError(error);
    if (Array.isArray(shape.body)) {
      statuses = shape.body.map((result: { statusCode?: number }) => Number(result?.statusCode));
    } else if (shape.code === 404) {
      // Failed operations come back as a per-operation list; a bare 404 is the container's.
      throw containerMissingError(error, container);
    } else if (shape.code === 409 || shape.code === 412) {
      return { applied: false, failedIndex: -1, failedStatus: shape.code };
    } else {
      throw meter.failure(error, container, "write a transactional batch");
    }
  }
  const failedIndex = statuses.findIndex((status) => status >= 400 && status !== 424);
  if (failedIndex === -1) return { applied: true };
  const failedStatus = statuses[failedIndex] ?? 0;
  if (failedStatus === 409 || failedStatus === 412 || failedStatus === 404) {
    return { applied: false, failedIndex, failedStatus };
  }
  throw meter.failure(
    Object.assign(new Error(`operation ${failedIndex} of the batch failed`), {
      code: failedStatus,
    }),
    container,
    `write a transactional batch (operation ${failedIndex} of ${operations.length} failed)`,
  );
}

/** Upserts one item (chunks and values written ahead of a batch). */
export async function upsertItem(
  container: Container,
  item: Record<string, unknown>,
  meter: RequestMeter,
): Promise<void> {
  try {
    const response = await sendRequest(
      meter,
      (abortSignal) => container.items.upsert(item, { abortSignal }),
      item,
    );
    meter.add(response.requestCharge);
  } catch (error) {
    meter.addError(error);
    throw meter.failure(error, container, "write an item");
  }
}

/** Creates one item unless an item with its id exists (then leaves that one alone). */
export async function createItemIfAbsent(
  container: Container,
  item: Record<string, unknown>,
  meter: RequestMeter,
): Promise<void> {
  try {
    const response = await sendRequest(
      meter,
      (abortSignal) => container.items.create(item, { abortSignal }),
      item,
    );
    meter.add(response.requestCharge);
  } catch (error) {
    meter.addError(error);
    if (cosmosStatusCode(error) === 409) return;
    throw meter.failure(error, container, "write an item");
  }
}

/** Runs `tasks` with at most `concurrency` in flight. */
export async function runLimited(
  tasks: readonly (() => Promise<void>)[],
  concurrency: number,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, tasks.length) }, async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (task !== undefined) await task();
    }
  });
  await Promise.all(workers);
}
