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

export function currentOperation(): OperationRecord | undefined {
  return operationScope.getStore();
}

export function runInOperation<T>(record: OperationRecord, body: () => T): T {
  return operationScope.run(record, body);
}

/** True while a recording span wants byte counts: measure nothing otherwise. */
export function isOperationRecorded(): boolean {
  return operationScope.getStore() !== undefined;
}

/** One request/reply exchange with the backend (a command, a statement, an HTTP request). */
export function countRoundTrip(): void {
  for (let record = operationScope.getStore(); record; record = record.parent) {
    record.roundTrips += 1;
  }
}

export function countBytesWritten(bytes: number): void {
  for (let record = operationScope.getStore(); record; record = record.parent) {
    record.bytesWritten += bytes;
  }
}

export function countBytesRead(bytes: number): void {
  for (let record = operationScope.getStore(); record; record = record.parent) {
    record.bytesRead += bytes;
  }
}
