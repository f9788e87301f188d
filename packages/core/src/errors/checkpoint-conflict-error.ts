import { CheckpointKitError, hasMarker } from "./checkpointkit-error.js";

const MARKER = Symbol.for("checkpointkit.error.CheckpointConflictError");

/**
 * A write lost a race the saver cannot resolve on its own, e.g. a conditional update whose
 * precondition no longer holds. The stored data is intact; the losing write was not applied.
 */
export class CheckpointConflictError extends CheckpointKitError {
  override readonly name = "CheckpointConflictError" as const;
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for by isInstance
  private readonly [MARKER] = true;

  static override isInstance(error: unknown): error is CheckpointConflictError {
    return hasMarker(error, MARKER);
  }
}
