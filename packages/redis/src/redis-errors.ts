import {
  BackendUnavailableError,
  CheckpointKitError,
  CorruptCheckpointError,
} from "@checkpointkit/core";

/** Marker the Lua scripts put in errors about records they cannot parse. */
const CORRUPT_MARKER = "CHECKPOINTKIT_CORRUPT";

/**
 * Maps whatever a Redis call threw to the typed errors of core: data the scripts cannot
 * read (our marker, or a key of the wrong type under our prefix) is corrupt; everything
 * else — refused or dropped connections, timeouts, a server that is loading, read-only,
 * out of memory or down — means Redis could not serve the call.
 */
export function toCheckpointKitError(error: unknown, operation: string): Error {
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
  return new BackendUnavailableError(`${operation}: Redis did not serve the call: ${message}`, {
    backend: "redis",
    cause: error,
  });
}

/**
 * Runs `call` and rejects with `BackendUnavailableError` once `timeoutMs` has passed, so no
 * operation waits longer than that on a reconnecting client or an unbounded offline queue.
 * The command may still reach Redis later; every script is idempotent, so that is harmless.
 */
export async function withDeadline<T>(
  operation: string,
  timeoutMs: number,
  call: () => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(
        new BackendUnavailableError(`${operation}: Redis did not answer within ${timeoutMs} ms`, {
          backend: "redis",
        }),
      );
    }, timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([call(), deadline]);
  } catch (error) {
    throw toCheckpointKitError(error, operation);
  } finally {
    clearTimeout(timer);
  }
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
