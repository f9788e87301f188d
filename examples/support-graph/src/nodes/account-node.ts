import { AIMessage } from "@langchain/core/messages";
import type { SupportServices } from "../services/support-services.js";
import type { SupportStateUpdate, SupportStateValues } from "../state.js";

/** Sends the customer a password reset. Runs in parallel with `billing`. */
export function createAccountNode(services: SupportServices) {
  return async function account(state: SupportStateValues): Promise<SupportStateUpdate> {
    await services.activity.record({ kind: "node-started", node: "account" });
    const { resetTicket } = await services.account.sendPasswordReset(state.customerId);
    return {
      accountResult: { resetSent: true, resetTicket },
      currentStep: "account",
      completedSteps: ["account"],
      messages: [
        new AIMessage({ content: `Password reset sent (ticket ${resetTicket}).`, name: "account" }),
      ],
    };
  };
}
