/**
 * Polls `condition` until it holds; throws, naming `what`, once `timeoutMs` passed. A test
 * waits for the state it needs rather than for a guessed duration.
 */
export async function waitUntil(
  condition: () => Promise<boolean> | boolean,
  what: string,
  { timeoutMs = 10_000, intervalMs = 25 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
