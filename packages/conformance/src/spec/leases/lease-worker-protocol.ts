/**
 * The messages between a lease spec and a worker process (over the `fork` IPC channel). The
 * worker holds a saver of the backend on the same storage as the spec's saver, so two
 * processes really race for one thread.
 */
export type LeaseWorkerRequest =
  | { id: number; op: "acquire"; threadId: string; ttlMs: number; waitMs?: number }
  | {
      id: number;
      op: "put";
      threadId: string;
      token: string;
      parentId: string | undefined;
      checkpointId: string;
      value: string;
    }
  | {
      id: number;
      op: "putWrites";
      threadId: string;
      token: string;
      checkpointId: string;
      taskId: string;
      value: string;
    };

export type LeaseWorkerReply =
  | { id: number; ok: true; token?: string }
  | { id: number; ok: false; errorName: string; conflict: boolean; message: string };

/** What a worker sends once its saver is ready. */
export const LEASE_WORKER_READY = "lease-worker-ready";
