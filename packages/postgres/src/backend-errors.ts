import {
  BackendUnavailableError,
  CheckpointKitError,
  InvalidConfigError,
} from "@checkpointkit/core";
import { untrustedCertificateReason } from "./tls-failures.js";

/**
 * SQLSTATEs of a server that is shutting down, starting up or cancelled the statement
 * (`statement_timeout`), besides the whole classes 08 (connection exception), 53 and 40.
 */
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "57014"]);

/**
 * Class 53: the server lacks a resource (disk, memory, connection slots, a configured limit);
 * another attempt may find it freed. Class 40: the server rolled the transaction back (a
 * deadlock, a serialization conflict); nothing of the statement remains and every write of the
 * saver is idempotent, so the caller may simply retry. Both are the backend's unavailability.
 */
const OUT_OF_RESOURCES_CLASS = "53";
const ROLLED_BACK_CLASS = "40";

/** PostgreSQL's condition names of the class 53 and 40 SQLSTATEs, in words. */
const SQLSTATE_WORDS: ReadonlyMap<string, string> = new Map([
  ["53000", "insufficient resources"],
  ["53100", "disk full"],
  ["53200", "out of memory"],
  ["53300", "too many connections"],
  ["53400", "configuration limit exceeded"],
  ["40000", "transaction rollback"],
  ["40001", "serialization failure"],
  ["40002", "integrity constraint violation"],
  ["40003", "statement completion unknown"],
  ["40P01", "deadlock detected"],
]);

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

/** SQLSTATEs are five characters, the first two their class; Node's own codes are words. */
function isSqlStateOfClass(code: string, sqlStateClass: string): boolean {
  return code.length === 5 && code.startsWith(sqlStateClass);
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
  const outOfResources = codes.find((code) => isSqlStateOfClass(code, OUT_OF_RESOURCES_CLASS));
  if (outOfResources !== undefined) {
    const what = SQLSTATE_WORDS.get(outOfResources) ?? `SQLSTATE ${outOfResources}`;
    return `the server is out of resources (${what}): ${errorMessage(error)}`;
  }
  const rolledBack = codes.find((code) => isSqlStateOfClass(code, ROLLED_BACK_CLASS));
  if (rolledBack !== undefined) {
    const why = SQLSTATE_WORDS.get(rolledBack) ?? `SQLSTATE ${rolledBack}`;
    return `the server rolled the transaction back (${why}): ${errorMessage(error)}; retrying is safe, the saver's writes are idempotent`;
  }
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
 * Our typed errors pass through; a refused login, an untrusted server certificate and missing
 * tables become `InvalidConfigError` (retrying cannot help); connection trouble, a server out
 * of resources and a transaction the server rolled back `BackendUnavailableError`.
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
  const untrusted = untrustedCertificateReason(codes);
  if (untrusted !== undefined) {
    return new InvalidConfigError(
      `PostgreSQL server's TLS certificate was not trusted during ${operation}: ${untrusted}; check sslmode and sslrootcert in the connection string, and that the host name is the one the certificate was issued for`,
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
