import {
  CheckpointKitError,
  type CheckpointKitErrorOptions,
  hasMarker,
} from "./checkpointkit-error.js";

const MARKER = Symbol.for("checkpointkit.error.PayloadTooLargeError");

/**
 * A value is larger than the backend can store, even after compression and chunking, or a
 * write is larger than the saver's `maxCheckpointBytes`. Nothing was written.
 */
export class PayloadTooLargeError extends CheckpointKitError {
  override readonly name = "PayloadTooLargeError" as const;
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for by isInstance
  private readonly [MARKER] = true;
  readonly sizeBytes: number;
  readonly limitBytes: number;

  constructor(
    message: string,
    options: CheckpointKitErrorOptions & { sizeBytes: number; limitBytes: number },
  ) {
    super(message, options);
    this.sizeBytes = options.sizeBytes;
    this.limitBytes = options.limitBytes;
  }

  static override isInstance(error: unknown): error is PayloadTooLargeError {
    return hasMarker(error, MARKER);
  }
}
