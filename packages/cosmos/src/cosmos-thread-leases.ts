import type { Container, OperationInput } from "@azure/cosmos";
import {
  type AcquireThreadLeaseOptions,
  CheckpointConflictError,
  type ThreadLease,
} from "@checkpointkit/core";
import { acquireThreadLease, fenceConflictError } from "@checkpointkit/core/internal";
import { cosmosStatusCode, isContainerMissing } from "./cosmos-errors.js";
import { itemBase, type ThreadPartition } from "./cosmos-items.js";
import type { PrunePartition } from "./cosmos-prune-target.js";
import { executeBatch, type RequestMeter, readItem, sendRequest } from "./cosmos-requests.js";

/**
 * The thread's lease: one item in the thread's own partition, so a transactional batch of the
 * thread can check it. Its id has no kind prefix, so it matches no other item's id, and its
 * kind is in no query of the saver (lists, copies and prunes never see it). A partition
 * delete (`deleteThread`) removes it too.
 */
export const LEASE_ITEM_ID = "lease";

interface LeaseItem {
  id: string;
  kind: "lease";
  token: string;
  /** Epoch milliseconds on the clock of the process that acquired or renewed it. */
  expires_at_ms: number;
  _etag?: string;
}

type LeaseOperationName = "acquireThreadLease" | "renewThreadLease" | "releaseThreadLease";

export interface CosmosLeaseContext {
  container: Container;
  partition(threadId: string): ThreadPartition;
  run<T>(operation: LeaseOperationName, body: (meter: RequestMeter) => Promise<T>): Promise<T>;
}

/** The condition a fenced write's batch puts on the lease item (checked by the service). */
function heldBy(token: string, nowMs: number): string {
  return `FROM c WHERE c.token = ${JSON.stringify(token)} AND c.expires_at_ms > ${nowMs}`;
}

/**
 * The operation a fenced `put`/`putWrites` adds to its transactional batch: a conditional
 * patch of the lease item that fails (412, or 404 without a lease) unless `token` holds an
 * unexpired lease, and with it the whole batch.
 */
export function leaseFenceOperation(token: string): OperationInput {
  const nowMs = Date.now();
  return {
    operationType: "Patch",
    id: LEASE_ITEM_ID,
    resourceBody: {
      operations: [{ op: "set", path: "/last_fenced_write_ms", value: nowMs }],
      condition: heldBy(token, nowMs),
    },
  };
}

/**
 * For a fenced write that turns out to store nothing (its checkpoint already superseded, in
 * `history: "latest"`): the lease check alone, a batch of its one operation. False when the
 * token does not hold the lease (412, or 404: no lease item).
 */
export async function leaseHeld(
  target: PrunePartition,
  leaseOperation: OperationInput,
): Promise<boolean> {
  const outcome = await executeBatch(
    target.container,
    target.partitionKey,
    [leaseOperation],
    target.meter,
  );
  if (outcome.applied) return true;
  if (outcome.failedStatus === 412 || outcome.failedStatus === 404) return false;
  throw new CheckpointConflictError(
    `the thread's lease could not be checked (status ${outcome.failedStatus})`,
  );
}

/** False when a conditional request failed its precondition or found no item; else typed errors. */
async function preconditionHeld(
  container: Container,
  meter: RequestMeter,
  request: () => Promise<{ requestCharge: number }>,
): Promise<boolean> {
  try {
    meter.add((await request()).requestCharge);
    return true;
  } catch (error) {
    meter.addError(error);
    const status = cosmosStatusCode(error);
    if (status === 412 || status === 409 || (status === 404 && !isContainerMissing(error))) {
      return false;
    }
    throw meter.failure(error, container, "write the thread's lease");
  }
}

/**
 * Thread leases on Cosmos DB. Acquire: a point read, then a create (none yet) or a replace
 * conditioned on the read's etag (expired), so of two racing acquirers one wins. Renew and
 * release: conditional patches on the token. Expiry is judged by the clocks of the writing
 * processes (Cosmos has no server-time condition for this): keep them in sync (NTP).
 */
export class CosmosThreadLeases {
  constructor(private readonly context: CosmosLeaseContext) {}

  acquire(threadId: string, options: AcquireThreadLeaseOptions): Promise<ThreadLease> {
    return acquireThreadLease(
      (thread, token, ttlMs) => this.#tryAcquire(thread, token, ttlMs),
      threadId,
      options,
    );
  }

  #tryAcquire(threadId: string, token: string, ttlMs: number): Promise<boolean> {
    const { container } = this.context;
    const partition = this.context.partition(threadId);
    return this.context.run("acquireThreadLease", async (meter) => {
      const held = await readItem<LeaseItem>(
        container,
        LEASE_ITEM_ID,
        partition.partitionKey,
        meter,
      );
      const nowMs = Date.now();
      if (held !== undefined && held.expires_at_ms > nowMs) return false;
      const item = {
        ...itemBase(partition, "", undefined),
        id: LEASE_ITEM_ID,
        kind: "lease",
        token,
        expires_at_ms: nowMs + ttlMs,
      };
      return preconditionHeld(container, meter, () =>
        sendRequest(
          meter,
          (abortSignal) =>
            held === undefined
              ? container.items.create(item, { abortSignal })
              : container.item(LEASE_ITEM_ID, partition.partitionKey).replace(item, {
                  abortSignal,
                  accessCondition: { type: "IfMatch", condition: held._etag ?? "" },
                }),
          item,
        ),
      );
    });
  }

  async renew(lease: ThreadLease): Promise<void> {
    const renewed = await this.#patchHeld("renewThreadLease", lease, Date.now() + lease.ttlMs);
    if (!renewed) throw fenceConflictError("lease", lease.threadId, "renewThreadLease");
  }

  async release(lease: ThreadLease): Promise<void> {
    await this.#patchHeld("releaseThreadLease", lease, 0);
  }

  #patchHeld(
    operation: LeaseOperationName,
    lease: ThreadLease,
    expiresAtMs: number,
  ): Promise<boolean> {
    const { container } = this.context;
    const partition = this.context.partition(lease.threadId);
    return this.context.run(operation, (meter) =>
      preconditionHeld(container, meter, () =>
        sendRequest(meter, (abortSignal) =>
          container.item(LEASE_ITEM_ID, partition.partitionKey).patch(
            {
              operations: [{ op: "set", path: "/expires_at_ms", value: expiresAtMs }],
              condition: heldBy(lease.token, Date.now()),
            },
            { abortSignal },
          ),
        ),
      ),
    );
  }
}
