import { InvalidConfigError } from "@checkpointkit/core";
import pg from "pg";

/** The `sslmode` values `pg` understands; anything else it silently reads as "use TLS". */
const SSL_MODES = new Set([
  "disable",
  "prefer",
  "require",
  "verify-ca",
  "verify-full",
  "no-verify",
]);

const URL_SCHEMES = new Set(["postgres:", "postgresql:", "socket:"]);

/**
 * Refuses a connection string `pg` could not use, at construction rather than at the first
 * call. The message never repeats the string (it holds the password) and carries no cause:
 * the URL parser's error keeps the whole input.
 */
export function validateConnectionString(connectionString: unknown): void {
  if (typeof connectionString !== "string" || connectionString === "") {
    throw new InvalidConfigError("the connection string must be a non-empty string", {
      field: "connectionString",
    });
  }
  // pg also takes a socket directory followed by a database name, which is no URL.
  if (!connectionString.startsWith("/")) validateConnectionUrl(connectionString);
  try {
    // pg parses the rest (ports, TLS files named by sslcert/sslkey/sslrootcert) here.
    new pg.Client({ connectionString });
  } catch (error) {
    const reason =
      (error as { code?: unknown }).code === "ENOENT" ? ": a TLS file it names cannot be read" : "";
    throw new InvalidConfigError(`the connection string cannot be used${reason}`, {
      field: "connectionString",
    });
  }
}

function validateConnectionUrl(connectionString: string): void {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw new InvalidConfigError(
      "the connection string is not a valid URL (expected postgres://user:password@host:port/database)",
      { field: "connectionString" },
    );
  }
  if (!URL_SCHEMES.has(url.protocol)) {
    throw new InvalidConfigError(
      "the connection string must start with postgres:// or postgresql://",
      { field: "connectionString" },
    );
  }
  const sslMode = url.searchParams.get("sslmode");
  if (sslMode !== null && !SSL_MODES.has(sslMode)) {
    throw new InvalidConfigError(
      `sslmode ${JSON.stringify(sslMode)} in the connection string is not one of ${[...SSL_MODES].join(", ")}`,
      { field: "connectionString" },
    );
  }
}

/**
 * A pool without `connectionTimeoutMillis` waits forever for a server that accepts the TCP
 * connection and never answers, and holds a pool slot meanwhile: the saver bounds its own
 * wait, but `pg` offers no way to abandon an attempt except this setting, which the pool
 * reads for each new connection. Set only when the application left it unset.
 */
export function boundConnectionAttempts(pool: pg.Pool, connectionTimeoutMs: number): void {
  const options = (pool as { options?: pg.PoolOptions }).options;
  if (options !== undefined && !options.connectionTimeoutMillis) {
    options.connectionTimeoutMillis = connectionTimeoutMs;
  }
}
