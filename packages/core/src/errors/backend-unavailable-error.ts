import {
  CheckpointKitError,
  type CheckpointKitErrorOptions,
  hasMarker,
} from "./checkpointkit-error.js";

const MARKER = Symbol.for("checkpointkit.error.BackendUnavailableError");

export type BackendName = "redis" | "postgres" | "cosmos";

/**
 * The backend could not be reached or refused to serve (connection refused, timeout,
 * throttled past the retry budget). The operation may or may not have been applied when
 * the connection dropped mid-call; every saver's writes are idempotent, so retrying is safe.
 */
export class BackendUnavailableError extends CheckpointKitError {
  override readonly name = "BackendUnavailableError" as const;
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for by isInstance
  private readonly [MARKER] = true;
  readonly backend: BackendName;
  /** How long the backend asked callers to wait before retrying, when it said so (Cosmos 429). */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    options: CheckpointKitErrorOptions & { backend: BackendName; retryAfterMs?: number },
  ) {
    super(message, options);
    this.backend = options.backend;
    this.retryAfterMs = options.retryAfterMs;
  }

  static override isInstance(error: unknown): error is BackendUnavailableError {
    return hasMarker(error, MARKER);
  }
}
