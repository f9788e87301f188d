import type { AcquireThreadLeaseOptions, ThreadLease } from "@checkpointkit/core";
import { acquireThreadLease, fenceConflictError } from "@checkpointkit/core/internal";
import type { LuaScript, ScriptArgument } from "./lua-script.js";
import { REDIS_SCRIPTS } from "./redis-scripts.js";

type LeaseScriptRunner = (
  operation: string,
  script: LuaScript,
  threadId: string,
  args: ScriptArgument[],
) => Promise<unknown>;

/**
 * Thread leases on Redis: the lease is one string key holding the token, with the lease's TTL
 * as its expiry (the server's clock decides when it ends). Acquire is SET NX PX; renew and
 * release act only while the key still holds the caller's token. Each is one script.
 */
export class RedisThreadLeases {
  constructor(private readonly run: LeaseScriptRunner) {}

  acquire(threadId: string, options: AcquireThreadLeaseOptions): Promise<ThreadLease> {
    return acquireThreadLease(
      async (thread, token, ttlMs) =>
        (await this.run("acquireThreadLease", REDIS_SCRIPTS.acquireLease, thread, [
          token,
          String(ttlMs),
        ])) === 1,
      threadId,
      options,
    );
  }

  async renew(lease: ThreadLease): Promise<void> {
    const renewed = await this.run("renewThreadLease", REDIS_SCRIPTS.renewLease, lease.threadId, [
      lease.token,
      String(lease.ttlMs),
    ]);
    if (renewed !== 1) throw fenceConflictError("lease", lease.threadId, "renewThreadLease");
  }

  async release(lease: ThreadLease): Promise<void> {
    await this.run("releaseThreadLease", REDIS_SCRIPTS.releaseLease, lease.threadId, [lease.token]);
  }
}
