import { BackendUnavailableError, CheckpointKitError } from "@checkpointkit/core";

/** Node socket errors meaning the server cannot be reached or went away. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

/**
 * SQLSTATEs of a server that is shutting down, starting up, out of connection slots or
 * cancelled the statement (`statement_timeout`), besides the whole class 08 (connection
 * exception).
 */
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300", "57014"]);

/** Failures that mean a pooled connection died, after which a fresh one may work. */
const DROPPED_CONNECTION_MESSAGES = [
  "Connection terminated unexpectedly",
  "Client has encountered a connection error and is not queryable",
  "Connection terminated",
];
const DROPPED_CONNECTION_CODES = new Set(["ECONNRESET", "EPIPE", "57P01", "57P02"]);

function errorCodes(error: unknown): string[] {
  if (typeof error !== "object" || error === null) return [];
  const codes: string[] = [];
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") codes.push(code);
  // Node reports a refused dual-stack connect as an AggregateError of per-address errors.
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested)) for (const inner of nested) codes.push(...errorCodes(inner));
  return codes;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function isUnavailableError(error: unknown): boolean {
  const codes = errorCodes(error);
  if (codes.some((code) => NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code))) {
    return true;
  }
  if (codes.some((code) => code.startsWith("08"))) return true;
  const message = errorMessage(error);
  return (
    message.includes("timeout exceeded when trying to connect") ||
    message.includes("Connection terminated") ||
    message.includes("not queryable")
  );
}

/** True when retrying on a fresh connection is worthwhile: the old one died under us. */
export function isDroppedConnectionError(error: unknown): boolean {
  if (errorCodes(error).some((code) => DROPPED_CONNECTION_CODES.has(code))) return true;
  const message = errorMessage(error);
  return DROPPED_CONNECTION_MESSAGES.some((text) => message.includes(text));
}

/** Our typed errors pass through; connection trouble becomes `BackendUnavailableError`. */
export function toSaverError(error: unknown, operation: string): unknown {
  if (CheckpointKitError.isInstance(error)) return error;
  if (isUnavailableError(error)) {
    return new BackendUnavailableError(
      `PostgreSQL unavailable during ${operation}: ${errorMessage(error)}`,
      { backend: "postgres", cause: error },
    );
  }
  return error;
}
