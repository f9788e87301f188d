import {
  CheckpointKitError,
  type CheckpointKitErrorOptions,
  hasMarker,
} from "./checkpointkit-error.js";

const MARKER = Symbol.for("checkpointkit.error.CorruptCheckpointError");

/**
 * Stored data under the saver's prefix/schema/container could not be decoded: written by
 * something else, truncated, or of an unknown format version. Thrown instead of crashing,
 * so one bad record does not take the process down.
 */
export class CorruptCheckpointError extends CheckpointKitError {
  override readonly name = "CorruptCheckpointError" as const;
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for by isInstance
  private readonly [MARKER] = true;
  /** Where the bad record lives (a Redis key, a table row, a Cosmos item id), when known. */
  readonly location: string | undefined;

  constructor(message: string, options: CheckpointKitErrorOptions & { location?: string } = {}) {
    super(message, options);
    this.location = options.location;
  }

  static override isInstance(error: unknown): error is CorruptCheckpointError {
    return hasMarker(error, MARKER);
  }
}
