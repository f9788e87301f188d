/** How `withDeadline` bounds one operation. */
export interface DeadlineOptions {
  /** Milliseconds the operation may take before it is abandoned. */
  timeoutMs: number;
  /** The error to reject with when the deadline passes (usually a `BackendUnavailableError`). */
  onTimeout: () => Error;
}

/**
 * Runs `operation` with a client-side deadline. Server-side timeouts never arrive over a
 * connection that went silent, and some drivers retry for minutes, so every saver bounds its
 * calls here too: past the deadline the returned promise rejects with `onTimeout()` and the
 * signal is aborted, so the operation can destroy what it was waiting on. The abandoned
 * operation's own later rejection is swallowed, never surfacing as an unhandled rejection.
 */
export function withDeadline<T>(
  operation: (signal: AbortSignal) => Promise<T>,
  options: DeadlineOptions,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const running = Promise.resolve().then(() => operation(controller.signal));
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = options.onTimeout();
      controller.abort(error);
      reject(error);
    }, options.timeoutMs);
  });
  running.catch(() => {});
  return Promise.race([running, expired]).finally(() => clearTimeout(timer));
}
