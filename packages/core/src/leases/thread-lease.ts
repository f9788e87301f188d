import { randomBytes } from "node:crypto";

/** A lease a run holds on one thread: while it is current, only writes with its token land. */
export interface ThreadLease {
  readonly threadId: string;
  /** The fencing token: opaque, unique per acquisition; goes into `configurable`. */
  readonly token: string;
  /** How long the lease lasts from its last acquire or renew, in milliseconds. */
  readonly ttlMs: number;
}

export interface AcquireThreadLeaseOptions {
  /** Lifetime of the lease from now, in milliseconds; renew before it runs out. */
  ttlMs: number;
  /**
   * How long to wait for a lease someone else holds, in milliseconds, retrying every
   * `retryIntervalMs`. 0 = fail at once with `CheckpointConflictError`.
   * @default 0
   */
  waitMs?: number;
  /** @default 100 */
  retryIntervalMs?: number;
}

/** What a saver with thread leases offers; every checkpointkit saver that supports them has it. */
export interface ThreadLeaseSaver {
  /** Takes the thread's lease, or throws `CheckpointConflictError` if another run holds it. */
  acquireThreadLease(threadId: string, options: AcquireThreadLeaseOptions): Promise<ThreadLease>;
  /** Extends the lease by its `ttlMs`; `CheckpointConflictError` if it is no longer current. */
  renewThreadLease(lease: ThreadLease): Promise<void>;
  /** Gives the lease up if it is still current; does nothing otherwise. */
  releaseThreadLease(lease: ThreadLease): Promise<void>;
}

/** A new fencing token: 128 random bits, so no two acquisitions ever share one. */
export function createLeaseToken(): string {
  return `lt1.${randomBytes(16).toString("base64url")}`;
}
