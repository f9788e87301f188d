import { AIMessage } from "@langchain/core/messages";
import { findDuplicateCharge } from "../services/duplicate-charge.js";
import { formatMoney } from "../services/money.js";
import type { SupportServices } from "../services/support-services.js";
import type { SupportStateUpdate, SupportStateValues } from "../state.js";

/** Looks up the customer's charges and flags a duplicate. Runs in parallel with `account`. */
export function createBillingNode(services: SupportServices) {
  return async function billing(state: SupportStateValues): Promise<SupportStateUpdate> {
    await services.activity.record({ kind: "node-started", node: "billing" });
    const transactions = await services.billing.fetchTransactions(state.customerId);
    const duplicateCharge = findDuplicateCharge(transactions);
    const finding =
      duplicateCharge === undefined
        ? `No duplicate among ${transactions.length} charges.`
        : `${duplicateCharge.duplicateTxn} duplicates ${duplicateCharge.originalTxn}: ` +
          `${formatMoney(duplicateCharge.amountCents, duplicateCharge.currency)} at ${duplicateCharge.merchant}.`;
    return {
      billingResult:
        duplicateCharge === undefined ? { transactions } : { transactions, duplicateCharge },
      currentStep: "billing",
      completedSteps: ["billing"],
      messages: [new AIMessage({ content: finding, name: "billing" })],
    };
  };
}
