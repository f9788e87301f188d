import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What one recorded saver operation has done so far. The places where a saver talks to its
 * backend (one per saver: its call, query or request function) add to the innermost record
 * and to every record around it, so a tiered operation sums what its hot and cold tiers did.
 */
export class OperationRecord {
  roundTrips = 0;
  bytesWritten = 0;
  bytesRead = 0;
  /**
   * Set when its span ends. Work the operation started in the background (a flusher loop or
   * a sweeper timer started by `setup`) keeps the scope it was started in; once the span has
   * ended, that work neither counts into it nor becomes its child.
   */
  ended = false;

  constructor(
    /** The saver telemetry that opened it: a saver's own nested calls open no second span. */
    readonly owner: object,
    /** The OpenTelemetry span, typed loosely so core's public types never name the API. */
    readonly span: unknown,
    readonly parent: OperationRecord | undefined,
  ) {}
}

/**
 * Entered only while a span is recording: with no SDK registered, nothing enters it and the
 * counting functions below find no store and return at once.
 */
const operationScope = new AsyncLocalStorage<OperationRecord>();

/** The innermost operation whose span is still open. */
export function currentOperation(): OperationRecord | undefined {
  let record = operationScope.getStore();
  while (record?.ended) record = record.parent;
  return record;
}

export function runInOperation<T>(record: OperationRecord, body: () => T): T {
  return operationScope.run(record, body);
}

/** True while a recording span wants byte counts: measure nothing otherwise. */
export function isOperationRecorded(): boolean {
  return currentOperation() !== undefined;
}

/** One request/reply exchange with the backend (a command, a statement, an HTTP request). */
export function countRoundTrip(): void {
  for (let record = operationScope.getStore(); record; record = record.parent) {
    if (!record.ended) record.roundTrips += 1;
  }
}

export function countBytesWritten(bytes: number): void {
  for (let record = operationScope.getStore(); record; record = record.parent) {
    if (!record.ended) record.bytesWritten += bytes;
  }
}

export function countBytesRead(bytes: number): void {
  for (let record = operationScope.getStore(); record; record = record.parent) {
    if (!record.ended) record.bytesRead += bytes;
  }
}
