import type { StateSnapshot } from "@langchain/langgraph";
import { createSupportServices } from "../services/support-services.js";
import type { BillingResult } from "../state.js";
import { CASE_8842 } from "../support-cases.js";
import { buildTimeline } from "../timeline.js";
import type { Scenario } from "./scenario.js";
import { caseInput, openSupportRun, threadConfig } from "./support-run.js";

export const timeTravelScenario: Scenario = {
  id: "time-travel",
  title: "5/5 time travel: replay and fork from the checkpoint before policy",
  summary: "getStateHistory, replay from an old checkpoint, updateState fork with a changed input",
  async run({ environment, reporter, threadIdFor }) {
    const threadId = threadIdFor(CASE_8842, "time-travel");
    const config = threadConfig(threadId);
    const services = createSupportServices();
    const run = await openSupportRun(environment, services);
    try {
      reporter.note(`thread ${threadId}: case_8842 runs to the end first`);
      const original = await run.graph.invoke(caseInput(CASE_8842), config);
      const originalFinal = await run.graph.getState(config);
      let beforePolicy: StateSnapshot | undefined;
      for await (const snapshot of run.graph.getStateHistory(config)) {
        if (snapshot.next.includes("policy")) {
          beforePolicy = snapshot;
          break;
        }
      }
      if (beforePolicy === undefined) throw new Error("no checkpoint before policy in the history");
      reporter.note(
        `checkpoint before policy: ${beforePolicy.config.configurable?.checkpoint_id} (step ${beforePolicy.metadata?.step})`,
      );

      reporter.note("replay: graph.invoke(null, <that checkpoint's config>)");
      const replay = await run.graph.invoke(null, beforePolicy.config);
      reporter.check(
        "the replay re-ran policy, which found the refund already issued",
        services.activity.count("node-started", "policy") === 2 &&
          services.activity.count("refund-replayed") === 1 &&
          replay.policyDecision?.refundId === original.policyDecision?.refundId,
        JSON.stringify(services.activity.nodeStarts()),
      );

      // The changed input: the bank reports txn_101 as a separate purchase, not a duplicate.
      const billing = beforePolicy.values.billingResult as BillingResult;
      const correctedBilling: BillingResult = { transactions: billing.transactions };
      reporter.note(
        "fork: updateState(<before policy>, { billingResult: no duplicate }, 'billing')",
      );
      const forkConfig = await run.graph.updateState(
        beforePolicy.config,
        { billingResult: correctedBilling },
        "billing",
      );
      const fork = await run.graph.invoke(null, forkConfig);
      reporter.check(
        "on the fork, policy finds nothing to refund",
        fork.policyDecision?.action === "deny",
        JSON.stringify(fork.policyDecision),
      );
      reporter.note(`fork response: ${fork.finalResponse}`);
      const refunds = await services.refunds.issuedRefunds();
      reporter.check(
        "replay and fork together issued no extra refund",
        refunds.length === 1,
        `${refunds.length} refunds`,
      );
      const stillThere = await run.graph.getState(originalFinal.config);
      // The replay's policy decided from another checkpoint; a saver that lets a branch's
      // write of a channel overwrite another branch's would show that decision here.
      reporter.check(
        "the original branch is untouched: its final checkpoint still shows its own decision",
        JSON.stringify(stillThere.values.policyDecision) ===
          JSON.stringify(original.policyDecision) &&
          stillThere.values.finalResponse === original.finalResponse,
        `decidedAtCheckpointId ${stillThere.values.policyDecision?.decidedAtCheckpointId} instead of ${original.policyDecision?.decidedAtCheckpointId}`,
      );
      const timeline = await buildTimeline(run.graph, config, environment);
      reporter.timeline("the thread's history, all branches", timeline);
      reporter.fact("threadId", threadId);
      reporter.fact("beforePolicyCheckpointId", beforePolicy.config.configurable?.checkpoint_id);
      reporter.fact("forkCheckpointId", forkConfig.configurable?.checkpoint_id);
      reporter.fact("forkResponse", fork.finalResponse);
    } finally {
      await run.close();
    }
  },
};
