import type { TestServer } from "./test-server.js";

/** A server named by an env var: tests use it, and `stop()` leaves it alone. */
export function externalTestServer(url: string): TestServer {
  return {
    url,
    external: true,
    stop: async () => {},
  };
}
