import { Command } from "@langchain/langgraph";
import type { RefundApproval, RefundApprovalRequest } from "../nodes/refund-approval.js";
import { InMemoryRefundStore } from "../services/refund-store.js";
import { createSupportServices } from "../services/support-services.js";
import { CASE_9107 } from "../support-cases.js";
import { buildTimeline } from "../timeline.js";
import type { Scenario } from "./scenario.js";
import { caseInput, openSupportRun, threadConfig } from "./support-run.js";

const APPROVAL: RefundApproval = {
  approved: true,
  approver: "dana.ops",
  note: "verified with the bank",
};

export const humanApprovalScenario: Scenario = {
  id: "human-approval",
  title: "3/5 human approval: a $749 duplicate pauses at policy until someone approves",
  summary: "interrupt() above the $500 limit, resumed with new Command({ resume })",
  async run({ environment, reporter, threadIdFor }) {
    const threadId = threadIdFor(CASE_9107, "human-approval");
    const config = threadConfig(threadId);
    // The store outlives both graph instances below, like the payment provider would.
    const refundStore = new InMemoryRefundStore();
    const requestServices = createSupportServices({ refundStore });
    const requestRun = await openSupportRun(environment, requestServices);
    let pausedConfig: typeof config;
    try {
      reporter.note(
        `thread ${threadId}, customer ${CASE_9107.customerId}: "${CASE_9107.requestText}"`,
      );
      const paused = await requestRun.graph.invoke(caseInput(CASE_9107), config);
      const interrupts =
        (paused as { __interrupt__?: Array<{ value: unknown }> }).__interrupt__ ?? [];
      const request = interrupts[0]?.value as RefundApprovalRequest | undefined;
      reporter.check(
        "the run paused at policy with a refund-approval request",
        interrupts.length === 1 && request?.kind === "refund-approval",
        JSON.stringify(interrupts),
      );
      reporter.note(`reviewer sees: ${request?.question}`);
      const state = await requestRun.graph.getState(config);
      pausedConfig = state.config;
      reporter.check(
        "policy is what runs next",
        state.next.includes("policy"),
        JSON.stringify(state.next),
      );
      reporter.check(
        "no refund before the approval",
        (await refundStore.list()).length === 0,
        `${(await refundStore.list()).length} refunds`,
      );
      reporter.timeline(
        "checkpoints while paused",
        await buildTimeline(requestRun.graph, config, environment),
      );
    } finally {
      await requestRun.close();
    }

    // The approval arrives later, through another checkpointer: the pause lives in storage.
    const approvalServices = createSupportServices({ refundStore });
    const approvalRun = await openSupportRun(environment, approvalServices);
    try {
      reporter.note(`resuming with new Command({ resume: ${JSON.stringify(APPROVAL)} })`);
      const final = await approvalRun.graph.invoke(new Command({ resume: APPROVAL }), config);
      const decision = final.policyDecision;
      reporter.check(
        "policy refunded $749.00, approved by dana.ops",
        decision?.action === "refund" &&
          decision.approvedBy === APPROVAL.approver &&
          decision.humanReviewed === true &&
          final.billingResult?.duplicateCharge?.amountCents === 74_900,
        JSON.stringify(decision),
      );
      const afterApproval = await refundStore.list();
      reporter.check(
        "one refund after the approval",
        afterApproval.length === 1,
        `${afterApproval.length} refunds`,
      );

      // A double-submitted approval: resume the same paused checkpoint a second time.
      reporter.note("resuming the paused checkpoint a second time (a double-submitted approval)");
      const replay = await approvalRun.graph.invoke(
        new Command({ resume: APPROVAL }),
        pausedConfig,
      );
      const afterReplay = await refundStore.list();
      reporter.check(
        "the second resume re-ran policy but found the refund already issued",
        approvalServices.activity.count("refund-replayed") === 1 &&
          replay.policyDecision?.refundId === decision?.refundId,
        `replayed=${approvalServices.activity.count("refund-replayed")}`,
      );
      reporter.check(
        "still exactly one refund",
        afterReplay.length === 1,
        `${afterReplay.length} refunds`,
      );
      reporter.timeline(
        "checkpoints after the approval",
        await buildTimeline(approvalRun.graph, config, environment),
      );
      reporter.note(`response: ${final.finalResponse}`);
      reporter.fact("threadId", threadId);
      reporter.fact("approval", APPROVAL);
      reporter.fact(
        "refundIds",
        afterReplay.map((refund) => refund.refundId),
      );
    } finally {
      await approvalRun.close();
    }
  },
};
