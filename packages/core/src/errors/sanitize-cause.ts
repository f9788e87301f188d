import { redactSecrets } from "./redact-secrets.js";

/**
 * Driver errors carry far more than their message: ioredis keeps the failed command with its
 * arguments (an `AUTH` password), `new URL()` keeps the whole input string, pg keeps client
 * settings. Loggers print all of it through `util.inspect`. So a typed error never keeps the
 * driver's object as its `cause`: it keeps a copy with the name, the redacted message and stack,
 * and the diagnostic codes below, recursively for the cause's own cause.
 */
const DIAGNOSTIC_FIELDS = [
  "code",
  "errno",
  "syscall",
  "status",
  "statusCode",
  "substatus",
  "severity",
  "routine",
] as const;

/** How deep a cause chain is copied; deeper links are cut (real chains are two or three long). */
const MAX_CAUSE_DEPTH = 8;

const SANITIZED = Symbol.for("checkpointkit.error.sanitizedCause");

/** The copy of a driver error a typed error keeps as its `cause`. */
export class SanitizedCause extends Error {
  [key: string]: unknown;
}

export function sanitizeCause(cause: unknown, depth = 0): unknown {
  if (depth >= MAX_CAUSE_DEPTH) return undefined;
  if (typeof cause === "string") return redactSecrets(cause);
  if (typeof cause !== "object" || cause === null) return cause;
  if ((cause as Record<symbol, unknown>)[SANITIZED] === true) return cause;
  if (isCheckpointKitError(cause)) return cause;
  if (!(cause instanceof Error) && typeof (cause as { message?: unknown }).message !== "string") {
    return `[${Object.prototype.toString.call(cause).slice(8, -1)}]`;
  }
  return copyError(cause as Error & Record<string, unknown>, depth);
}

function copyError(source: Error & Record<string, unknown>, depth: number): SanitizedCause {
  const innerCause = sanitizeCause(source.cause, depth + 1);
  const copy = new SanitizedCause(
    redactSecrets(String(source.message)),
    innerCause === undefined ? undefined : { cause: innerCause },
  );
  Object.defineProperty(copy, SANITIZED, { value: true });
  copy.name = typeof source.name === "string" ? source.name : "Error";
  copy.stack = typeof source.stack === "string" ? redactSecrets(source.stack) : copy.stack;
  for (const field of DIAGNOSTIC_FIELDS) {
    const value = source[field];
    if (typeof value === "number" || typeof value === "boolean") copy[field] = value;
    if (typeof value === "string") copy[field] = redactSecrets(value);
  }
  if (Array.isArray(source.errors)) {
    copy.errors = source.errors.map((error) => sanitizeCause(error, depth + 1));
  }
  return copy;
}

function isCheckpointKitError(value: object): boolean {
  return (value as Record<symbol, unknown>)[Symbol.for("checkpointkit.error")] === true;
}
