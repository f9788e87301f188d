/** Raised when a benchmark step outlives its time budget; the step is abandoned, not awaited. */
export class BenchTimeoutError extends Error {
  constructor(label: string, timeoutMs: number) {
    super(`${label} did not finish within ${timeoutMs} ms`);
    this.name = "BenchTimeoutError";
  }
}

/**
 * Resolves with `work` or rejects with `BenchTimeoutError` after `timeoutMs`, whichever comes
 * first. The timer is cleared either way, so a finished run never waits on it.
 */
export async function withTimeout<T>(
  label: string,
  timeoutMs: number,
  work: Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BenchTimeoutError(label, timeoutMs)), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
