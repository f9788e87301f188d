/** The code of the error recorded when a server accepted a connection but never answered. */
export const HANDSHAKE_TIMED_OUT = "ECKHANDSHAKE";

/** Error codes of a failed connection, in the words a person searching a log would use. */
const CONNECTION_FAILURES: Record<string, string> = {
  ECONNREFUSED:
    "connection refused (nothing listens at that host and port, or a firewall rejects it)",
  ENOTFOUND: "host not found (the host name does not resolve in DNS)",
  EAI_AGAIN: "host not found (DNS did not answer; try again later)",
  ETIMEDOUT: "connection timed out",
  ECONNRESET: "connection reset by the server or the network",
  EPIPE: "connection closed by the server or the network",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  [HANDSHAKE_TIMED_OUT]:
    "connection timed out: the server accepted the connection but never answered the handshake",
};

/** Replies that mean the credentials are wrong: retrying cannot help. */
const AUTHENTICATION_FAILURE = /^(WRONGPASS|NOAUTH)\b|invalid (username-)?password/i;

/** True for Redis's replies to a refused login (WRONGPASS, NOAUTH). */
export function isAuthenticationFailure(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return AUTHENTICATION_FAILURE.test(message);
}

/** ioredis's own errors that say a command failed, but not why the connection did. */
const GENERIC_CLIENT_FAILURES: Record<string, string> = {
  "Connection is closed.": "connection closed before Redis answered",
  "Command timed out": "timed out: no reply within the client's commandTimeout",
};

/**
 * Says why a connection failed, from a Node.js socket error (`code`), or undefined when
 * `error` is not one (a reply error, a generic ioredis error).
 */
export function describeConnectionFailure(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && Object.hasOwn(CONNECTION_FAILURES, code)) {
    return CONNECTION_FAILURES[code];
  }
  return undefined;
}

/** Says what a generic ioredis failure ("Connection is closed.") means, else undefined. */
export function describeClientFailure(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name === "MaxRetriesPerRequestError") {
    return "no connection: the client's reconnect attempts for this command failed";
  }
  return Object.hasOwn(GENERIC_CLIENT_FAILURES, error.message)
    ? GENERIC_CLIENT_FAILURES[error.message]
    : undefined;
}

/** The error recorded when a connection's handshake took longer than its connect timeout. */
export function handshakeTimeoutError(timeoutMs: number): Error {
  return Object.assign(
    new Error(`Redis accepted the connection but did not answer within ${timeoutMs} ms`),
    { code: HANDSHAKE_TIMED_OUT },
  );
}
