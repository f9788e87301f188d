export {
  acquireThreadLease,
  type TryAcquireLease,
  validateAcquireOptions,
} from "./acquire-lease.js";
export {
  type ConcurrencyMode,
  readWriteFence,
  validateWriteFenceOptions,
  type WriteFence,
  type WriteFenceOptions,
} from "./concurrency-options.js";
export {
  ALLOW_FORK_KEY,
  LEASE_TOKEN_KEY,
  readAllowFork,
  readLeaseToken,
  withLeaseToken,
} from "./lease-config.js";
export {
  type FenceRefusal,
  fenceConflictError,
  leaseHeldError,
  leaseMissingError,
} from "./lease-errors.js";
export {
  type AcquireThreadLeaseOptions,
  createLeaseToken,
  type ThreadLease,
  type ThreadLeaseSaver,
} from "./thread-lease.js";
export { type WithThreadLeaseOptions, withThreadLease } from "./with-thread-lease.js";
