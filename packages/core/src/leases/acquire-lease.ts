import { InvalidConfigError } from "../errors/invalid-config-error.js";
import { requirePositiveInteger } from "../option-checks.js";
import { leaseHeldError } from "./lease-errors.js";
import {
  type AcquireThreadLeaseOptions,
  createLeaseToken,
  type ThreadLease,
} from "./thread-lease.js";

/** One attempt of a backend: stores `token` as the thread's lease unless a live one exists. */
export type TryAcquireLease = (threadId: string, token: string, ttlMs: number) => Promise<boolean>;

const DEFAULT_RETRY_INTERVAL_MS = 100;

export function validateAcquireOptions(options: AcquireThreadLeaseOptions): void {
  if (options === undefined || options === null) {
    throw new InvalidConfigError("ttlMs is required", { field: "ttlMs" });
  }
  if (options.ttlMs === undefined)
    throw new InvalidConfigError("ttlMs is required", { field: "ttlMs" });
  requirePositiveInteger(options.ttlMs, "ttlMs");
  requirePositiveInteger(options.retryIntervalMs, "retryIntervalMs");
  const { waitMs } = options;
  if (waitMs !== undefined && !(Number.isInteger(waitMs) && waitMs >= 0)) {
    throw new InvalidConfigError(`waitMs must be a non-negative integer, got ${String(waitMs)}`, {
      field: "waitMs",
    });
  }
}

/**
 * The acquire loop every saver shares: a fresh token, one atomic attempt, and with `waitMs`
 * further attempts every `retryIntervalMs` until the deadline; then `CheckpointConflictError`.
 */
export async function acquireThreadLease(
  tryAcquire: TryAcquireLease,
  threadId: string,
  options: AcquireThreadLeaseOptions,
): Promise<ThreadLease> {
  validateAcquireOptions(options);
  const token = createLeaseToken();
  const deadline = Date.now() + (options.waitMs ?? 0);
  const interval = options.retryIntervalMs ?? DEFAULT_RETRY_INTERVAL_MS;
  for (;;) {
    if (await tryAcquire(threadId, token, options.ttlMs)) {
      return { threadId, token, ttlMs: options.ttlMs };
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw leaseHeldError(threadId);
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, remaining)));
  }
}
