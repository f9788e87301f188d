import type { SaverName } from "../savers/saver-factory.js";
import type { ActivityEvent } from "../services/activity-log.js";
import type { SupportCase } from "../support-cases.js";
import { hasChannelIn } from "./ipc-channel.js";

/**
 * Where the child is killed. `policy-started`: billing and account are done and checkpointed,
 * policy has just begun. `refund-issued`: policy has sent the refund, but its own writes
 * and the next checkpoint are not saved, so the resumed run executes policy again.
 */
export type CrashPoint = "policy-started" | "refund-issued";

/** Parent → child: what to run. */
export interface CrashStartMessage {
  crashPoint: CrashPoint;
  channel: "crash-start";
  saverName: SaverName;
  connection: Record<string, unknown>;
  threadId: string;
  supportCase: SupportCase;
  refundStoreDirectory: string;
}

/** Child → parent. `parked`: the child reached its crash point and waits to be killed. */
export type CrashChildMessage =
  | { channel: "crash-activity"; event: ActivityEvent }
  | { channel: "crash-parked"; crashPoint: CrashPoint }
  | { channel: "crash-failed"; errorMessage: string }
  | { channel: "crash-finished" };

const CHILD_CHANNELS = new Set([
  "crash-activity",
  "crash-parked",
  "crash-failed",
  "crash-finished",
]);

export function isCrashChildMessage(message: unknown): message is CrashChildMessage {
  return hasChannelIn(message, CHILD_CHANNELS);
}

export function isCrashStartMessage(message: unknown): message is CrashStartMessage {
  return (message as { channel?: unknown } | null)?.channel === "crash-start";
}
