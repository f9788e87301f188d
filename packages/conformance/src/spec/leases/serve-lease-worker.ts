import {
  CheckpointConflictError,
  LEASE_TOKEN_KEY,
  type ThreadLeaseSaver,
} from "@checkpointkit/core";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { makeMetadata } from "../fixtures.js";
import { uniqueCheckpoint } from "./lease-spec-support.js";
import {
  LEASE_WORKER_READY,
  type LeaseWorkerReply,
  type LeaseWorkerRequest,
} from "./lease-worker-protocol.js";

type LeaseSaver = BaseCheckpointSaver & ThreadLeaseSaver;

async function handle(saver: LeaseSaver, request: LeaseWorkerRequest): Promise<string | undefined> {
  if (request.op === "acquire") {
    const lease = await saver.acquireThreadLease(request.threadId, {
      ttlMs: request.ttlMs,
      waitMs: request.waitMs,
    });
    return lease.token;
  }
  const configurable = {
    thread_id: request.threadId,
    checkpoint_ns: "",
    [LEASE_TOKEN_KEY]: request.token,
  };
  if (request.op === "put") {
    const checkpoint = uniqueCheckpoint(request.value, request.checkpointId);
    await saver.put(
      { configurable: { ...configurable, checkpoint_id: request.parentId } },
      checkpoint,
      makeMetadata(),
      checkpoint.channel_versions,
    );
    return undefined;
  }
  await saver.putWrites(
    { configurable: { ...configurable, checkpoint_id: request.checkpointId } },
    [["value", request.value]],
    request.taskId,
  );
  return undefined;
}

/**
 * The body of a lease worker process (each backend's test/workers script calls it with a
 * saver on the spec's storage): answers each request from the spec, one at a time in arrival
 * order, so requests sent while the process is stopped run when it continues.
 */
export function serveLeaseWorker(saver: LeaseSaver): void {
  let queue = Promise.resolve();
  process.on("message", (message: LeaseWorkerRequest) => {
    queue = queue.then(async () => {
      let reply: LeaseWorkerReply;
      try {
        reply = { id: message.id, ok: true, token: await handle(saver, message) };
      } catch (error) {
        reply = {
          id: message.id,
          ok: false,
          errorName: error instanceof Error ? error.name : "unknown",
          conflict: CheckpointConflictError.isInstance(error),
          message: error instanceof Error ? error.message : String(error),
        };
      }
      process.send?.(reply);
    });
  });
  process.on("disconnect", () => process.exit(0));
  process.send?.(LEASE_WORKER_READY);
}
