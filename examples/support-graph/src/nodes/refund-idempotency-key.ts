import { joinKeyParts } from "@checkpointkit/core";
import type { DuplicateCharge } from "../state.js";

/**
 * The key a case's refund is issued under: the thread (the support case) plus the charge
 * being refunded. Every re-execution of the policy node for this case — a resume after an
 * interrupt, a rerun after a crash, a replay or fork from an earlier checkpoint — derives
 * the same key, so the refund service hands back the refund it already issued. A key from
 * the checkpoint id alone would not survive forks: `updateState` makes a new checkpoint.
 */
export function refundIdempotencyKey(threadId: string, charge: DuplicateCharge): string {
  return joinKeyParts(["refund", threadId, charge.duplicateTxn]);
}
