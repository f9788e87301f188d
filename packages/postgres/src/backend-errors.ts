import {
  BackendUnavailableError,
  CheckpointKitError,
  InvalidConfigError,
} from "@checkpointkit/core";

/**
 * SQLSTATEs of a server that is shutting down, starting up, out of connection slots or
 * cancelled the statement (`statement_timeout`), besides the whole class 08 (connection
 * exception).
 */
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300", "57014"]);

/**
 * A write reached a server that only reads: a standby, or a primary being demoted during a
 * failover. Retrying once the new primary is reachable succeeds.
 */
const READ_ONLY_SQLSTATE = "25006";

/** pg's words (it has no code) for a server that refused the TLS the connection string asked for. */
const NO_TLS_MESSAGE = "The server does not support SSL connections";

/**
 * SQLSTATEs of a login the server refused for a reason retrying cannot fix: wrong password
 * (28P01), unknown role or no pg_hba.conf entry (28000), unknown database (3D000).
 */
const REJECTED_LOGIN_SQLSTATES = new Set(["28P01", "28000", "3D000"]);

/** SQLSTATEs of a missing schema, table or function: `setup()` was not called. */
const NOT_SET_UP_SQLSTATES = new Set(["3F000", "42P01"]);

/** Failures that mean a pooled connection died, after which a fresh one may work. */
const DROPPED_CONNECTION_MESSAGES = [
  "Connection terminated unexpectedly",
  "Client has encountered a connection error and is not queryable",
  "Connection terminated",
];
const DROPPED_CONNECTION_CODES = new Set(["ECONNRESET", "EPIPE", "57P01", "57P02"]);

/** What a Node socket error code means, in words a reader of a log understands. */
const NETWORK_FAULTS: ReadonlyMap<string, string> = new Map([
  ["ECONNREFUSED", "connection refused"],
  ["ENOTFOUND", "host not found (DNS lookup failed)"],
  ["EAI_AGAIN", "host not found (DNS lookup failed, temporarily)"],
  ["ETIMEDOUT", "connection timed out"],
  ["ECONNRESET", "connection reset"],
  ["EPIPE", "connection reset"],
  ["EHOSTUNREACH", "host unreachable"],
  ["ENETUNREACH", "network unreachable"],
]);

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

/** The words for a connection-level failure, or undefined when `error` is something else. */
function unavailableReason(error: unknown): string | undefined {
  const codes = errorCodes(error);
  for (const code of codes) {
    const fault = NETWORK_FAULTS.get(code);
    if (fault !== undefined) return fault;
  }
  if (codes.includes(READ_ONLY_SQLSTATE)) {
    return "the server is read-only (a standby, or a failover in progress)";
  }
  if (codes.includes("57014")) return `statement cancelled: ${errorMessage(error)}`;
  if (codes.some((code) => UNAVAILABLE_SQLSTATES.has(code) || code.startsWith("08"))) {
    return errorMessage(error);
  }
  const message = errorMessage(error);
  if (message.includes("timeout exceeded when trying to connect")) {
    return "timed out waiting for a connection";
  }
  if (message.includes("Connection terminated") || message.includes("not queryable")) {
    return "connection lost";
  }
  return undefined;
}

/** True when retrying on a fresh connection is worthwhile: the old one died under us. */
export function isDroppedConnectionError(error: unknown): boolean {
  if (errorCodes(error).some((code) => DROPPED_CONNECTION_CODES.has(code))) return true;
  const message = errorMessage(error);
  return DROPPED_CONNECTION_MESSAGES.some((text) => message.includes(text));
}

/**
 * Our typed errors pass through; a refused login and missing tables become
 * `InvalidConfigError` (retrying cannot help), connection trouble `BackendUnavailableError`.
 * PostgreSQL's own messages name users, databases and tables, never passwords; the driver
 * error stays available as `cause`.
 */
export function toSaverError(error: unknown, operation: string, schemaName?: string): unknown {
  if (CheckpointKitError.isInstance(error)) return error;
  const codes = errorCodes(error);
  if (codes.some((code) => REJECTED_LOGIN_SQLSTATES.has(code))) {
    return new InvalidConfigError(
      `PostgreSQL refused the login during ${operation}: ${errorMessage(error)} (check the user, password and database name)`,
      { field: "connection", cause: error },
    );
  }
  if (errorMessage(error).includes(NO_TLS_MESSAGE)) {
    return new InvalidConfigError(
      `PostgreSQL refused TLS during ${operation}: the server does not support SSL connections (check sslmode in the connection string, or enable TLS on the server)`,
      { field: "connectionString", cause: error },
    );
  }
  if (codes.some((code) => NOT_SET_UP_SQLSTATES.has(code))) {
    return new InvalidConfigError(
      `PostgreSQL schema ${schemaName === undefined ? "of the saver" : JSON.stringify(schemaName)} is missing the saver's tables during ${operation} (${errorMessage(error)}): call setup() once before using the saver`,
      { field: "schema", cause: error },
    );
  }
  const reason = unavailableReason(error);
  if (reason !== undefined) {
    return new BackendUnavailableError(`PostgreSQL unavailable during ${operation}: ${reason}`, {
      backend: "postgres",
      cause: error,
    });
  }
  return error;
}
