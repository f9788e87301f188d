import { AIMessage } from "@langchain/core/messages";
import { interrupt, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { findEarlierRefund, rememberRefund } from "../memory/customer-memory.js";
import { formatMoney } from "../services/money.js";
import type { SupportServices } from "../services/support-services.js";
import type { PolicyDecision, SupportStateUpdate, SupportStateValues } from "../state.js";
import type { PolicyRules } from "./policy-rules.js";
import { parseRefundApproval, type RefundApprovalRequest } from "./refund-approval.js";
import { refundIdempotencyKey } from "./refund-idempotency-key.js";

/** The engine's name in `approvedBy` when no human was needed. */
export const POLICY_ENGINE_APPROVER = "policy-engine";

function decided(policy: PolicyDecision): SupportStateUpdate {
  return {
    policyDecision: policy,
    currentStep: "policy",
    completedSteps: ["policy"],
    messages: [
      new AIMessage({ content: `Policy: ${policy.action} (${policy.reason}).`, name: "policy" }),
    ],
  };
}

function readThreadId(config: LangGraphRunnableConfig): string {
  const threadId = config.configurable?.thread_id;
  if (typeof threadId !== "string" || threadId === "") {
    throw new TypeError(
      "the support graph runs with a checkpointer: configurable.thread_id is required",
    );
  }
  return threadId;
}

/**
 * The checkpoint this task runs from. LangGraph hands each task a map from namespace to
 * checkpoint id; the root graph's namespace is "".
 */
function readTaskCheckpointId(config: LangGraphRunnableConfig): string | undefined {
  const checkpointMap = config.configurable?.checkpoint_map as Record<string, string> | undefined;
  return checkpointMap?.[""];
}

/**
 * Joins billing and account. Refunds a duplicate charge; above the auto-approval limit it
 * pauses with `interrupt()` until a human answers. Because LangGraph re-runs the whole node
 * on resume, everything before `interrupt()` is side-effect free and the refund comes after.
 */
export function createPolicyNode(services: SupportServices, rules: PolicyRules) {
  return async function policy(
    state: SupportStateValues,
    config: LangGraphRunnableConfig,
  ): Promise<SupportStateUpdate> {
    await services.activity.record({ kind: "node-started", node: "policy" });
    const duplicate = state.billingResult?.duplicateCharge;
    if (duplicate === undefined) {
      return decided({ action: "deny", reason: "no duplicate charge found", humanReviewed: false });
    }
    const amount = formatMoney(duplicate.amountCents, duplicate.currency);
    // With a store (long-term memory across cases), a charge an earlier case refunded is
    // not refunded again. Without one, nothing here runs.
    const earlier =
      config.store === undefined
        ? undefined
        : await findEarlierRefund(config.store, state.customerId, duplicate);
    if (earlier !== undefined) {
      return decided({
        action: "refund",
        reason: `duplicate ${duplicate.duplicateTxn} of ${amount} was already refunded by an earlier case`,
        humanReviewed: false,
        refundId: earlier.refundId,
        earlierCaseThreadId: earlier.threadId,
      });
    }
    let approvedBy = POLICY_ENGINE_APPROVER;
    const humanReviewed = duplicate.amountCents > rules.autoApprovalLimitCents;
    if (humanReviewed) {
      const request: RefundApprovalRequest = {
        kind: "refund-approval",
        customerId: state.customerId,
        duplicateCharge: duplicate,
        autoApprovalLimitCents: rules.autoApprovalLimitCents,
        question: `Refund ${amount} for duplicate ${duplicate.duplicateTxn}?`,
      };
      const approval = parseRefundApproval(interrupt(request));
      if (!approval.approved) {
        return decided({
          action: "escalate",
          reason: `${approval.approver} did not approve the ${amount} refund; a billing specialist takes over`,
          humanReviewed: true,
        });
      }
      approvedBy = approval.approver;
    }
    const idempotencyKey = refundIdempotencyKey(readThreadId(config), duplicate);
    const checkpointId = readTaskCheckpointId(config);
    const { record } = await services.refunds.issueRefund({
      idempotencyKey,
      customerId: state.customerId,
      txnId: duplicate.duplicateTxn,
      amountCents: duplicate.amountCents,
      currency: duplicate.currency,
      approvedBy,
      ...(checkpointId === undefined ? {} : { checkpointId }),
    });
    if (config.store !== undefined) {
      await rememberRefund(config.store, state.customerId, {
        refundId: record.refundId,
        threadId: readThreadId(config),
        duplicateTxn: duplicate.duplicateTxn,
        amountCents: duplicate.amountCents,
        merchant: duplicate.merchant,
      });
    }
    return decided({
      action: "refund",
      reason: `duplicate ${duplicate.duplicateTxn} of ${amount} refunded`,
      humanReviewed,
      approvedBy,
      refundId: record.refundId,
      refundIdempotencyKey: idempotencyKey,
      ...(checkpointId === undefined ? {} : { decidedAtCheckpointId: checkpointId }),
    });
  };
}
