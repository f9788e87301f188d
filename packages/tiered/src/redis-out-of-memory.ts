import { BackendUnavailableError } from "@checkpointkit/core";

/**
 * True when Redis refused a write for want of memory (`maxmemory` with `noeviction`): its
 * error reply's code, the first word, is `OOM` (the code is Redis's, like `NOGROUP`).
 */
export function isRedisOutOfMemory(error: unknown): boolean {
  if (!(BackendUnavailableError.isInstance(error) && error.backend === "redis")) return false;
  const cause = (error as { cause?: unknown }).cause;
  const message = cause instanceof Error ? cause.message : "";
  return message.startsWith("OOM ");
}
