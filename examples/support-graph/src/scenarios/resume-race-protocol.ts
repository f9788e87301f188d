import type { RefundApproval } from "../nodes/refund-approval.js";
import type { SaverName } from "../savers/saver-factory.js";
import type { ActivityEvent } from "../services/activity-log.js";
import { hasChannelIn } from "./ipc-channel.js";

/**
 * How the two workers of the concurrent-resume scenario resume the paused thread.
 * `leased`: inside `withThreadLease`, as a real worker should. `unsafe`: a plain
 * `graph.invoke`, the failure mode leases exist for.
 */
export type ResumeRaceMode = "leased" | "unsafe";

/** Parent → worker: open the saver and get ready; nothing runs before `race-go`. */
export interface ResumeRaceStartMessage {
  channel: "race-start";
  mode: ResumeRaceMode;
  workerName: string;
  saverName: SaverName;
  connection: Record<string, unknown>;
  threadId: string;
  approval: RefundApproval;
  /** Shared by both workers, so the refund store sees both of them. */
  refundStoreDirectory: string;
  leaseTtlMs: number;
}

/**
 * Parent → worker. `race-go`: both get it at once. `race-proceed`: let a worker held at its
 * checkpoint (the lease just acquired, or policy just started) run on.
 */
export type ResumeRaceParentMessage =
  | ResumeRaceStartMessage
  | { channel: "race-go" }
  | { channel: "race-proceed" };

/** What the loser's error looked like in its own process. */
export interface RefusalReport {
  errorName: string;
  message: string;
  /** `CheckpointConflictError.isInstance(error)` in the worker. */
  isCheckpointConflict: boolean;
}

/** Worker → parent. */
export type ResumeRaceWorkerMessage =
  | { channel: "race-ready"; pid: number }
  | { channel: "race-held"; reason: "lease-acquired" | "policy-started" }
  | { channel: "race-refused"; refusal: RefusalReport }
  | { channel: "race-finished"; refundId: string | undefined; events: ActivityEvent[] }
  | { channel: "race-failed"; errorMessage: string };

const WORKER_CHANNELS = new Set([
  "race-ready",
  "race-held",
  "race-refused",
  "race-finished",
  "race-failed",
]);

const PARENT_CHANNELS = new Set(["race-start", "race-go", "race-proceed"]);

export function isResumeRaceWorkerMessage(message: unknown): message is ResumeRaceWorkerMessage {
  return hasChannelIn(message, WORKER_CHANNELS);
}

export function isResumeRaceParentMessage(message: unknown): message is ResumeRaceParentMessage {
  return hasChannelIn(message, PARENT_CHANNELS);
}
