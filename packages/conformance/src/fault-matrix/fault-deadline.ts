/**
 * Scheduling slack on top of a harness's documented deadline: the suite runs on shared,
 * loaded machines, and a deadline timer fires late there. A saver that ignores its deadline
 * misses it by far more (the faults in issue 11 hung for minutes).
 */
export function deadlineBoundMs(deadlineMs: number): number {
  return deadlineMs + Math.max(1_000, Math.round(deadlineMs / 2));
}

/** How long the spec waits for an operation before reporting it as still pending. */
export function giveUpAfterMs(deadlineMs: number): number {
  return deadlineBoundMs(deadlineMs) + 8_000;
}

/** How long a healed saver may take to work again (reconnect backoff included). */
export function recoveryWindowMs(deadlineMs: number): number {
  return 2 * deadlineMs + 5_000;
}
