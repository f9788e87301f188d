import {
  CheckpointKitError,
  type CheckpointKitErrorOptions,
  hasMarker,
} from "./checkpointkit-error.js";

const MARKER = Symbol.for("checkpointkit.error.InvalidConfigError");

/**
 * The caller passed something the saver cannot act on: a `RunnableConfig` without
 * `thread_id`, `putWrites` without `checkpoint_id`, an option out of range. Nothing was written.
 */
export class InvalidConfigError extends CheckpointKitError {
  override readonly name = "InvalidConfigError" as const;
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for by isInstance
  private readonly [MARKER] = true;
  /** The config key or option that is missing or wrong, e.g. `configurable.thread_id`. */
  readonly field: string | undefined;

  constructor(message: string, options: CheckpointKitErrorOptions & { field?: string } = {}) {
    super(message, options);
    this.field = options.field;
  }

  static override isInstance(error: unknown): error is InvalidConfigError {
    return hasMarker(error, MARKER);
  }
}
