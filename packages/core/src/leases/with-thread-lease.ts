import type { RunnableConfig } from "@langchain/core/runnables";
import { InvalidConfigError } from "../errors/invalid-config-error.js";
import { requirePositiveInteger } from "../option-checks.js";
import { LEASE_TOKEN_KEY } from "./lease-config.js";
import type { AcquireThreadLeaseOptions, ThreadLease, ThreadLeaseSaver } from "./thread-lease.js";

export interface WithThreadLeaseOptions extends AcquireThreadLeaseOptions {
  /** How often the lease is renewed while the run lasts, in milliseconds. @default ttlMs / 3 */
  renewEveryMs?: number;
  /** Merged into the config the run gets (its `signal` also aborts the run). */
  config?: RunnableConfig;
}

/**
 * Runs `run` while holding the thread's lease: acquires it (or throws
 * `CheckpointConflictError`), hands `run` a config with `thread_id`, the lease token and an
 * abort `signal`, renews on an unref'd timer, and releases it when `run` settles. If a renewal
 * fails, the signal aborts the run and this rejects with the renewal's error at once, even if
 * `run` ignores the signal: its later writes are refused by the saver anyway.
 */
export async function withThreadLease<T>(
  saver: ThreadLeaseSaver,
  threadId: string,
  run: (config: RunnableConfig, lease: ThreadLease) => Promise<T>,
  options: WithThreadLeaseOptions,
): Promise<T> {
  const renewEveryMs = options?.renewEveryMs ?? Math.max(1, Math.floor((options?.ttlMs ?? 0) / 3));
  requirePositiveInteger(options?.renewEveryMs, "renewEveryMs");
  if (options?.ttlMs !== undefined && renewEveryMs >= options.ttlMs) {
    throw new InvalidConfigError("renewEveryMs must be less than ttlMs", { field: "renewEveryMs" });
  }
  const lease = await saver.acquireThreadLease(threadId, options);
  const controller = new AbortController();
  const outer = options.config?.signal;
  const forwardAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) forwardAbort();
  outer?.addEventListener("abort", forwardAbort, { once: true });
  let leaseLost: (error: unknown) => void = () => {};
  const lost = new Promise<never>((_resolve, reject) => {
    leaseLost = reject;
  });
  lost.catch(() => {}); // settled through the race below; never unhandled
  let renewalFailed = false;
  let renewing = false;
  const timer = setInterval(() => {
    if (renewing || renewalFailed) return;
    renewing = true;
    saver.renewThreadLease(lease).then(
      () => {
        renewing = false;
      },
      (error: unknown) => {
        renewalFailed = true;
        clearInterval(timer);
        controller.abort(error);
        leaseLost(error);
      },
    );
  }, renewEveryMs);
  timer.unref();
  const base = options.config ?? {};
  const config: RunnableConfig = {
    ...base,
    signal: controller.signal,
    configurable: { ...base.configurable, thread_id: threadId, [LEASE_TOKEN_KEY]: lease.token },
  };
  try {
    return await Promise.race([run(config, lease), lost]);
  } finally {
    clearInterval(timer);
    outer?.removeEventListener("abort", forwardAbort);
    // A failed release is not the run's failure: the lease runs out after ttlMs anyway.
    if (!renewalFailed) await saver.releaseThreadLease(lease).catch(() => {});
  }
}
