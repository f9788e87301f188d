import {
  BackendUnavailableError,
  CheckpointConflictError,
  CorruptCheckpointError,
  InvalidConfigError,
  PayloadTooLargeError,
} from "@checkpointkit/core";

/**
 * What the flusher does about a failure, decided by the error's type (each package maps its
 * driver's errors to core's typed errors), never by its message:
 * - `retry`: the backend was unreachable or throttled, or a conditional write lost a race;
 *   the same entries are tried again, however long the outage lasts;
 * - `split`: the cold tier refused the batch as too large; halves are tried, down to one record;
 * - `never`: the record can never be written as it is (too large alone, corrupt, refused as
 *   invalid): dead-lettered at once;
 * - `rejected`: anything else, and an entry whose data is gone from Redis (the delete that
 *   explains it may not have reached the cold tier yet): retried `maxAttempts` times, then
 *   dead-lettered.
 */
export type FailureHandling = "retry" | "split" | "never" | "rejected";

export function failureHandling(error: unknown): FailureHandling {
  if (MISSING_DATA_ERRORS.has(error as object)) return "rejected";
  if (BackendUnavailableError.isInstance(error) || CheckpointConflictError.isInstance(error)) {
    return "retry";
  }
  if (PayloadTooLargeError.isInstance(error)) return "split";
  if (CorruptCheckpointError.isInstance(error) || InvalidConfigError.isInstance(error)) {
    return "never";
  }
  return "rejected";
}

const MISSING_DATA_ERRORS = new WeakSet<object>();

/** Redis no longer holds what an outbox entry names, and no delete of the thread explains it. */
export function missingDataError(entry: { kind: string; entryId: string }): CorruptCheckpointError {
  const error = new CorruptCheckpointError(
    `the ${entry.kind} of outbox entry ${entry.entryId} is no longer in Redis, and no delete of its thread at or after the entry explains it`,
    { location: `outbox entry ${entry.entryId}` },
  );
  MISSING_DATA_ERRORS.add(error);
  return error;
}
