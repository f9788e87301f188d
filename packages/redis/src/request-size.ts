import { PayloadTooLargeError } from "@checkpointkit/core";
import { countBytesWritten } from "@checkpointkit/core/internal";
import type { ScriptArgument } from "./lua-script.js";

/** Redis's default `proto-max-bulk-len`: no single argument (or stored string) may be larger. */
export const MAX_ARGUMENT_BYTES = 512 * 1024 * 1024;
/** Redis's default `client-query-buffer-limit`: a larger request closes the connection. */
export const MAX_REQUEST_BYTES = 1024 * 1024 * 1024;

/**
 * Refuses a request Redis would reject only after it was sent (and then by dropping the
 * connection), so the caller gets a `PayloadTooLargeError` and nothing is written.
 */
export function assertRequestFits(operation: string, args: readonly ScriptArgument[]): void {
  let total = 0;
  for (const arg of args) {
    const size =
      typeof arg === "string"
        ? Buffer.byteLength(arg, "utf8")
        : typeof arg === "number"
          ? 20
          : arg.byteLength;
    if (size > MAX_ARGUMENT_BYTES) {
      throw new PayloadTooLargeError(
        `${operation}: a value of ${size} bytes exceeds Redis's ${MAX_ARGUMENT_BYTES}-byte limit (try compression)`,
        { sizeBytes: size, limitBytes: MAX_ARGUMENT_BYTES },
      );
    }
    total += size;
  }
  if (total > MAX_REQUEST_BYTES) {
    throw new PayloadTooLargeError(
      `${operation}: ${total} bytes in one call exceed Redis's ${MAX_REQUEST_BYTES}-byte request limit`,
      { sizeBytes: total, limitBytes: MAX_REQUEST_BYTES },
    );
  }
  // Measured here anyway: the script's arguments are the bytes this round trip writes.
  countBytesWritten(total);
}
