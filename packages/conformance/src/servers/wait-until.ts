/** How often readiness checks poll; short because a local server starts in tens of milliseconds. */
const POLL_INTERVAL_MS = 20;

/**
 * Polls `condition` until it returns true. Throws with `description` once `timeoutMs` has
 * passed, or as soon as `abortReason()` returns a reason (e.g. the server process died),
 * so a failed start surfaces at once instead of after the whole timeout.
 */
export async function waitUntil(
  description: string,
  condition: () => Promise<boolean>,
  options: { timeoutMs: number; abortReason?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const reason = options.abortReason?.();
    if (reason !== undefined) throw new Error(`${description}: ${reason}`);
    if (await condition()) return;
    if (Date.now() > deadline) {
      throw new Error(`${description}: not ready after ${options.timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
