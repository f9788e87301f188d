import { setMaxListeners } from "node:events";
import { withDeadline } from "@checkpointkit/core/internal";

/**
 * How long the SDK calls of one saver operation may take. The SDK retries DNS failures,
 * resets and timeouts on its own for up to minutes, and waits for the account metadata
 * (`getDatabaseAccount`) without any abort signal, so the bound is enforced here: past it the
 * call rejects with the saver's timeout error and its abort signal cancels the HTTP request
 * (destroying a connection that went silent).
 */
export interface RequestDeadline {
  /** Runs one SDK call (retries included) under the deadline. */
  run<T>(request: (signal: AbortSignal | undefined) => Promise<T>): Promise<T>;
}

/** For requests outside any saver operation's deadline. */
export const UNBOUNDED: RequestDeadline = { run: (request) => request(undefined) };

/**
 * Every request shares one operation-wide signal; the operation as a whole is raced against
 * the same deadline by `withDeadline`, so a request that ignores the signal cannot hold it up.
 */
export function sharedDeadline(signal: AbortSignal): RequestDeadline {
  // A batch's point reads run at once on this one signal, each with its abort listener: more
  // than ten in flight is expected, not a leak (Node warns past ten by default).
  setMaxListeners(0, signal);
  return { run: (request) => request(signal) };
}

/**
 * Each request gets the whole budget for itself: for operations that stream (`list`) or walk
 * every thread (`prune` without a thread), where the caller's own pace or the number of
 * threads must not count against one clock.
 */
export function perRequestDeadline(timeoutMs: number, onTimeout: () => Error): RequestDeadline {
  return { run: (request) => withDeadline(request, { timeoutMs, onTimeout }) };
}
