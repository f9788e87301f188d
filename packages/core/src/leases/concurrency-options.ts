import type { RunnableConfig } from "@langchain/core/runnables";
import { InvalidConfigError } from "../errors/invalid-config-error.js";
import { readAllowFork, readLeaseToken } from "./lease-config.js";
import { leaseMissingError } from "./lease-errors.js";

/**
 * `"fork"`: a `put` may name any parent; two runs on one thread silently fork it (LangGraph's
 * own behaviour). `"optimistic"`: a `put` whose parent is not the namespace's latest checkpoint
 * is refused with `CheckpointConflictError`.
 */
export type ConcurrencyMode = "fork" | "optimistic";

/** The saver options of thread leases and optimistic concurrency, shared by every saver. */
export interface WriteFenceOptions {
  /**
   * Refuse every `put`/`putWrites` whose config carries no lease token (with
   * `CheckpointConflictError`). Off: writes without a token are not fenced at all.
   * @default false
   */
  requireLease?: boolean;
  /** @default "fork" */
  concurrency?: ConcurrencyMode;
}

/** What one write must check atomically with itself. */
export interface WriteFence {
  /** Undefined: no lease check. Else the write lands only while this is the thread's lease. */
  leaseToken: string | undefined;
  /** True: a put lands only if its parent is the namespace's latest (or it is stored already). */
  checkParent: boolean;
}

export function validateWriteFenceOptions(options: WriteFenceOptions): void {
  const { requireLease, concurrency } = options;
  if (requireLease !== undefined && typeof requireLease !== "boolean") {
    throw new InvalidConfigError("requireLease must be a boolean", { field: "requireLease" });
  }
  if (concurrency !== undefined && concurrency !== "fork" && concurrency !== "optimistic") {
    throw new InvalidConfigError(`concurrency must be "fork" or "optimistic"`, {
      field: "concurrency",
    });
  }
}

/**
 * The fence of one write from its config. Throws `CheckpointConflictError` before any round
 * trip when `requireLease` is on and the config carries no token.
 */
export function readWriteFence(
  config: RunnableConfig,
  options: WriteFenceOptions,
  threadId: string,
  operation: "put" | "putWrites",
): WriteFence {
  const leaseToken = readLeaseToken(config);
  if (leaseToken === undefined && options.requireLease === true) {
    throw leaseMissingError(threadId, operation);
  }
  return {
    leaseToken,
    checkParent:
      operation === "put" && options.concurrency === "optimistic" && !readAllowFork(config),
  };
}
