import { createServer, type Server } from "node:net";
import type pg from "pg";

/** The rejection of `promise`; fails when it resolves. */
export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

/** How a call that must fail ended, and after how long. */
export interface TimedFailure {
  error: unknown;
  elapsedMs: number;
}

/**
 * Waits for `promise` to reject, at most `boundMs`: a call still pending then fails the test
 * with a message saying so (instead of jest's own timeout, which would hide which call hung).
 * The bound is generous on purpose; the measured time is returned for reporting.
 */
export async function failureWithin(
  promise: Promise<unknown>,
  boundMs: number,
): Promise<TimedFailure> {
  const startedAt = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const stillPending = new Promise<"pending">((resolve) => {
    timer = setTimeout(() => resolve("pending"), boundMs);
  });
  try {
    const outcome = await Promise.race([failureOf(promise), stillPending]);
    if (outcome === "pending") throw new Error(`the call was still pending after ${boundMs} ms`);
    return { error: outcome, elapsedMs: Math.round(performance.now() - startedAt) };
  } finally {
    clearTimeout(timer);
  }
}

/** A loopback port with a listener that accepts connections and never answers. */
export async function silentServer(): Promise<{ server: Server; port: number }> {
  const server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return { server, port: address.port };
}

/** A loopback port nothing listens on (bound once, then released). */
export async function closedPort(): Promise<number> {
  const { server, port } = await silentServer();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Server process ids of the connections that set `application_name`. */
export async function backendPidsOf(admin: pg.Pool, applicationName: string): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()",
    [applicationName],
  );
  return rows.map((row) => row.pid);
}

/** Polls `condition` every 50 ms until it holds or `timeoutMs` passed. */
export async function eventually(
  description: string,
  condition: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
