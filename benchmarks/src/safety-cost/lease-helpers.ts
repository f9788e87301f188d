import type { RunnableConfig } from "@langchain/core/runnables";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { loadPackageExports } from "../savers/checkpointkit-package.js";

/** The lease a run holds (core's `ThreadLease`, the fields used here). */
export interface HeldLease {
  readonly token: string;
}

/** A saver with thread leases (core's `ThreadLeaseSaver`). */
export type LeaseSaver = BaseCheckpointSaver & {
  acquireThreadLease(threadId: string, options: { ttlMs: number }): Promise<HeldLease>;
  renewThreadLease(lease: HeldLease): Promise<void>;
  releaseThreadLease(lease: HeldLease): Promise<void>;
};

/**
 * Core's helpers as an application uses them, loaded from core's build like the savers are
 * (this package does not depend on core; the savers' own import of it resolves to the same
 * file, so it is the same module).
 */
export interface LeaseHelpers {
  withThreadLease<T>(
    saver: LeaseSaver,
    threadId: string,
    run: (config: RunnableConfig, lease: HeldLease) => Promise<T>,
    options: { ttlMs: number },
  ): Promise<T>;
  withLeaseToken(config: RunnableConfig, token: string): RunnableConfig;
}

export async function loadLeaseHelpers(): Promise<LeaseHelpers> {
  const core = await loadPackageExports("core", ["withThreadLease", "withLeaseToken"]);
  return core as unknown as LeaseHelpers;
}

export function hasThreadLeases(saver: BaseCheckpointSaver): saver is LeaseSaver {
  return typeof (saver as Partial<LeaseSaver>).acquireThreadLease === "function";
}
