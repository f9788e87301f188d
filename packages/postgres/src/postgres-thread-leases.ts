import type { AcquireThreadLeaseOptions, ThreadLease } from "@checkpointkit/core";
import { acquireThreadLease, fenceConflictError } from "@checkpointkit/core/internal";
import type { SchemaName } from "./schema-name.js";
import {
  buildAcquireLeaseStatement,
  buildReleaseLeaseStatement,
  buildRenewLeaseStatement,
} from "./sql/lease-statements.js";
import type { StatementRunner } from "./statement-runner.js";

/**
 * Thread leases in PostgreSQL: one row per thread in `thread_leases`, each operation one
 * statement, expiry decided by the server's clock. The write fence that reads the row is in
 * the write statements themselves (sql/fence-ctes.ts).
 */
export class PostgresThreadLeases {
  constructor(
    private readonly schema: SchemaName,
    private readonly runner: StatementRunner,
  ) {}

  acquire(threadId: string, options: AcquireThreadLeaseOptions): Promise<ThreadLease> {
    return acquireThreadLease(
      async (thread, token, ttlMs) => {
        const statement = buildAcquireLeaseStatement(this.schema, thread, token, ttlMs);
        return (await this.runner.run("acquireThreadLease", statement)).length === 1;
      },
      threadId,
      options,
    );
  }

  async renew(lease: ThreadLease): Promise<void> {
    const statement = buildRenewLeaseStatement(
      this.schema,
      lease.threadId,
      lease.token,
      lease.ttlMs,
    );
    const renewed = await this.runner.run("renewThreadLease", statement);
    if (renewed.length !== 1) throw fenceConflictError("lease", lease.threadId, "renewThreadLease");
  }

  async release(lease: ThreadLease): Promise<void> {
    await this.runner.run(
      "releaseThreadLease",
      buildReleaseLeaseStatement(this.schema, lease.threadId, lease.token),
    );
  }
}
