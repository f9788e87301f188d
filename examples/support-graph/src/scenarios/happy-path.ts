import { POLICY_ENGINE_APPROVER } from "../nodes/policy-node.js";
import { createSupportServices } from "../services/support-services.js";
import { CASE_8842 } from "../support-cases.js";
import { buildTimeline, findSharedSuperstep } from "../timeline.js";
import type { Scenario } from "./scenario.js";
import { caseInput, openSupportRun, threadConfig } from "./support-run.js";

export const happyPathScenario: Scenario = {
  id: "happy-path",
  title: "1/5 happy path: case_8842 end to end",
  summary: "billing ∥ account → policy (auto-refund of $49.99) → response",
  async run({ environment, reporter, threadIdFor }) {
    const services = createSupportServices();
    const run = await openSupportRun(environment, services);
    try {
      const threadId = threadIdFor(CASE_8842, "happy-path");
      const config = threadConfig(threadId);
      reporter.note(
        `thread ${threadId}, customer ${CASE_8842.customerId}: "${CASE_8842.requestText}"`,
      );
      const final = await run.graph.invoke(caseInput(CASE_8842), config);
      const timeline = await buildTimeline(run.graph, config, environment);
      reporter.timeline("checkpoints", timeline);

      const duplicate = final.billingResult?.duplicateCharge;
      reporter.check(
        "billing found txn_101 duplicating txn_100 ($49.99)",
        duplicate?.originalTxn === "txn_100" &&
          duplicate.duplicateTxn === "txn_101" &&
          duplicate.amountCents === 4999,
        JSON.stringify(duplicate),
      );
      reporter.check(
        "account sent a password reset",
        final.accountResult?.resetSent === true,
        JSON.stringify(final.accountResult),
      );
      const fanOut = findSharedSuperstep(timeline, ["billing", "account"]);
      reporter.check(
        "billing and account ran in the same superstep",
        fanOut !== undefined,
        timeline.map((entry) => entry.nodes.join("+")).join(", "),
      );
      reporter.check(
        "policy refunded the duplicate without a human (under the $500 limit)",
        final.policyDecision?.action === "refund" &&
          final.policyDecision.approvedBy === POLICY_ENGINE_APPROVER,
        JSON.stringify(final.policyDecision),
      );
      const refunds = await services.refunds.issuedRefunds();
      reporter.check(
        "exactly one refund issued",
        refunds.length === 1,
        `${refunds.length} refunds`,
      );
      const answer = final.finalResponse ?? "";
      reporter.check(
        "the response covers the refund and the password reset",
        answer.includes("refunded") && answer.includes("password reset"),
        answer,
      );
      reporter.note(`response: ${answer}`);
      reporter.fact("threadId", threadId);
      reporter.fact("finalResponse", answer);
      reporter.fact(
        "refundIds",
        refunds.map((refund) => refund.refundId),
      );
      reporter.fact("nodeStarts", services.activity.nodeStarts());
    } finally {
      await run.close();
    }
  },
};
