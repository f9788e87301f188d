import {
  BackendUnavailableError,
  CheckpointKitError,
  CorruptCheckpointError,
  InvalidConfigError,
} from "@checkpointkit/core";
import {
  describeClientFailure,
  describeConnectionFailure,
  isAuthenticationFailure,
} from "./connection-failure.js";

/** Marker the Lua scripts put in errors about records they cannot parse. */
const CORRUPT_MARKER = "CHECKPOINTKIT_CORRUPT";

/**
 * Maps whatever a Redis call threw to the typed errors of core:
 * - data the scripts cannot read (our marker, or a key of the wrong type under our prefix)
 *   is corrupt;
 * - wrong credentials and ACL denials are configuration errors (retrying cannot help);
 * - everything else — refused, unresolvable, timed-out, reset or dropped connections, a server
 *   that is loading, read-only or out of memory — means Redis could not serve the call.
 *
 * `lastConnectionError` is what the client reported about its connection last: ioredis
 * rejects a queued command with a generic "max retries per request" error that does not say
 * why the connection failed. The error's `cause` is sanitized by core (no command arguments,
 * so no AUTH password).
 */
export function toCheckpointKitError(
  error: unknown,
  operation: string,
  lastConnectionError?: unknown,
): Error {
  if (CheckpointKitError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes(CORRUPT_MARKER) || message.includes("WRONGTYPE")) {
    const what = message.includes(CORRUPT_MARKER)
      ? (message.split(CORRUPT_MARKER)[1] ?? "").split(/[\n:]/)[0]?.trim()
      : "a key of the wrong type";
    return new CorruptCheckpointError(
      `${operation}: data under the key prefix is not a checkpointkit record (${what})`,
      { cause: error },
    );
  }
  // A command can also fail only because the connection's login was refused meanwhile: then
  // the recorded connection error says so, and ioredis's own error is a generic one.
  if (
    isAuthenticationFailure(error) ||
    (describeClientFailure(error) !== undefined && isAuthenticationFailure(lastConnectionError))
  ) {
    return new InvalidConfigError(
      `${operation}: Redis authentication failed: wrong user name or password, or the user is disabled`,
      { field: "password", cause: error },
    );
  }
  if (message.startsWith("NOPERM")) {
    return new InvalidConfigError(
      `${operation}: the Redis user lacks a permission the saver needs (ACL: +@all on its key prefix, or at least EVAL/EVALSHA, ZRANGE, ZREVRANGE, PING): ${message}`,
      { field: "client", cause: error },
    );
  }
  const why =
    describeConnectionFailure(error) ??
    describeConnectionFailure(lastConnectionError) ??
    describeClientFailure(error);
  return new BackendUnavailableError(
    `${operation}: Redis did not serve the call: ${why ?? message}`,
    { backend: "redis", cause: error },
  );
}

/** Decoding never crashes the caller with an untyped error: anything unexpected is corruption. */
export async function guardDecode<T>(
  location: string,
  decode: (location: string) => Promise<T>,
): Promise<T> {
  try {
    return await decode(location);
  } catch (error) {
    if (CheckpointKitError.isInstance(error)) throw error;
    throw new CorruptCheckpointError(`data at ${location} could not be read`, {
      cause: error,
      location,
    });
  }
}

/** Names the thread in a `CorruptCheckpointError` that did not say where it was found. */
export function locateCorruption(error: unknown, location: string): unknown {
  if (!CorruptCheckpointError.isInstance(error) || error.location !== undefined) return error;
  return new CorruptCheckpointError(`${error.message} at ${location}`, { cause: error, location });
}
