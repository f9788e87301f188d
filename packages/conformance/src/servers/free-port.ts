import { createServer } from "node:net";

/** The loopback address every test server binds to: test traffic never leaves the machine. */
export const LOOPBACK_HOST = "127.0.0.1";

/**
 * Asks the kernel for a port nobody listens on. Another process can take it between this
 * call and the server's bind, so starters retry on a fresh port when the bind fails.
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, LOOPBACK_HOST, () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error("no free port found"))));
    });
  });
}
