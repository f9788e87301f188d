import { redactSecrets } from "./redact-secrets.js";
import { sanitizeCause } from "./sanitize-cause.js";

const BASE_MARKER = Symbol.for("checkpointkit.error");

/** Every error a checkpointkit saver throws on purpose. */
export type CheckpointKitErrorName =
  | "InvalidConfigError"
  | "BackendUnavailableError"
  | "CheckpointConflictError"
  | "PayloadTooLargeError"
  | "CorruptCheckpointError";

export interface CheckpointKitErrorOptions {
  /**
   * The error that led to this one (driver error, parse error, ...). Kept as a sanitized
   * copy: name, redacted message and stack, diagnostic codes; see `sanitizeCause`.
   */
  cause?: unknown;
}

/**
 * Base class of the typed errors. `instanceof` fails when two copies of the package are
 * loaded (ESM and CJS, or two versions in one tree), so each class also offers
 * `isInstance`, which checks a marker registered with `Symbol.for` and therefore works
 * across module copies and realms.
 */
export abstract class CheckpointKitError extends Error {
  abstract override readonly name: CheckpointKitErrorName;
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for by isInstance
  private readonly [BASE_MARKER] = true;

  constructor(message: string, options: CheckpointKitErrorOptions = {}) {
    super(
      redactSecrets(message),
      options.cause === undefined ? undefined : { cause: sanitizeCause(options.cause) },
    );
  }

  static isInstance(error: unknown): error is CheckpointKitError {
    return hasMarker(error, BASE_MARKER);
  }
}

/** True when `error` carries the `Symbol.for` marker that one error class stamps on its instances. */
export function hasMarker(error: unknown, marker: symbol): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as Record<symbol, unknown>)[marker] === true
  );
}
