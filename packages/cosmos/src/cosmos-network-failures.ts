import type { PluginConfig } from "@azure/cosmos";

/** Socket and DNS error codes, in the words an operator searches for. */
const NETWORK_FAILURE_WORDS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found (DNS lookup failed)",
  EAI_AGAIN: "host not found (DNS lookup failed temporarily)",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed while sending",
  ECONNABORTED: "connection aborted",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  CERT_HAS_EXPIRED: "TLS certificate expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "TLS certificate not trusted (self-signed)",
  SELF_SIGNED_CERT_IN_CHAIN: "TLS certificate not trusted (self-signed chain)",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS certificate not trusted",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS certificate does not match the host",
};

interface NetworkErrorShape {
  code?: unknown;
  name?: unknown;
  message?: unknown;
}

/**
 * "connection refused (ECONNREFUSED)", "timed out (TimeoutError)", ... for an error the SDK
 * threw without an HTTP status; undefined when it is not a network failure.
 */
export function describeNetworkFailure(shape: NetworkErrorShape): string | undefined {
  const code = typeof shape.code === "string" ? shape.code : undefined;
  if (code !== undefined && NETWORK_FAILURE_WORDS[code] !== undefined) {
    return `${NETWORK_FAILURE_WORDS[code]} (${code})`;
  }
  // The SDK's own per-request timeout (connectionPolicy.requestTimeout).
  if (shape.name === "TimeoutError" || code === "TimeoutError") {
    return "request timed out (no answer within the request timeout)";
  }
  if (shape.name === "AbortError") return "request aborted";
  if (typeof shape.message === "string" && /socket hang up/i.test(shape.message)) {
    return "connection reset (socket hang up)";
  }
  if (code === "REQUEST_SEND_ERROR") return "request could not be sent (REQUEST_SEND_ERROR)";
  return undefined;
}

/**
 * Remembers the last network failure a client's requests met. The SDK retries DNS failures
 * and resets internally, for up to minutes, so when the saver's deadline ends an operation
 * this is the only place that still knows why: the timeout error then says "host not found"
 * rather than only "timed out". Installed on the clients the saver creates itself.
 */
export class NetworkFailureRecorder {
  #last: { error: unknown; atMs: number } | undefined;

  readonly plugin: PluginConfig = {
    on: "request",
    plugin: async (context, _diagnosticNode, next) => {
      try {
        return await next(context);
      } catch (error) {
        const shape = error as NetworkErrorShape;
        // Aborts are the saver's own deadline at work, not news about the network.
        if (shape.name !== "AbortError" && describeNetworkFailure(shape) !== undefined) {
          this.#last = { error, atMs: Date.now() };
        }
        throw error;
      }
    },
  };

  /** The last network failure recorded at or after `sinceMs` (epoch ms), if any. */
  failureSince(sinceMs: number): unknown {
    const last = this.#last;
    return last !== undefined && last.atMs >= sinceMs ? last.error : undefined;
  }
}
