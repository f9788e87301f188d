import { CheckpointKitError } from "@checkpointkit/core";

/**
 * The class name of a failure, all a page shows of an optional read that failed: a message
 * could carry a connection string.
 */
export function errorType(error: unknown): string {
  if (CheckpointKitError.isInstance(error)) return error.name;
  return error instanceof Error ? error.name : "UnknownError";
}
