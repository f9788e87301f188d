export { describeOptimisticConcurrency } from "./describe-optimistic-concurrency.js";
export { describeThreadLeases } from "./describe-thread-leases.js";
export { forkLeaseWorker } from "./fork-lease-worker.js";
export type { LeaseSaver, WriteFenceSpecOptions } from "./lease-spec-support.js";
export type { LeaseWorkerReply, LeaseWorkerRequest } from "./lease-worker-protocol.js";
export { serveLeaseWorker } from "./serve-lease-worker.js";
