import { AIMessage } from "@langchain/core/messages";
import { formatMoney } from "../services/money.js";
import type { SupportServices } from "../services/support-services.js";
import type { SupportStateUpdate, SupportStateValues } from "../state.js";

function billingSentence(state: SupportStateValues): string {
  const duplicate = state.billingResult?.duplicateCharge;
  const policy = state.policyDecision;
  if (duplicate === undefined || policy === undefined || policy.action === "deny") {
    return "We reviewed your recent charges and found no duplicate charge.";
  }
  const amount = formatMoney(duplicate.amountCents, duplicate.currency);
  const charge = `the duplicate charge of ${amount} at ${duplicate.merchant} (${duplicate.duplicateTxn})`;
  if (policy.action === "refund" && policy.earlierCaseThreadId !== undefined) {
    return `We see ${charge} again: it was already refunded on your earlier case (refund ${policy.refundId}), so we did not refund it twice.`;
  }
  if (policy.action === "refund") {
    return `We confirmed ${charge} and refunded it (refund ${policy.refundId}); it shows on your statement within 5 business days.`;
  }
  return `We confirmed ${charge}; a billing specialist is reviewing the refund and will contact you.`;
}

function accountSentence(state: SupportStateValues): string {
  if (state.accountResult?.resetSent) {
    return `We sent a password reset link to your email on file (ticket ${state.accountResult.resetTicket}).`;
  }
  return "We could not send a password reset; an agent will contact you about your login.";
}

/** Writes the customer-facing answer from the billing, account and policy results. */
export function createResponseNode(services: SupportServices) {
  return async function response(state: SupportStateValues): Promise<SupportStateUpdate> {
    await services.activity.record({ kind: "node-started", node: "response" });
    const finalResponse = `${billingSentence(state)} ${accountSentence(state)}`;
    return {
      finalResponse,
      currentStep: "response",
      completedSteps: ["response"],
      messages: [new AIMessage({ content: finalResponse, name: "response" })],
    };
  };
}
