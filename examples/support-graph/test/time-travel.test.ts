import type { StateSnapshot } from "@langchain/langgraph";
import { compileSupportGraph } from "../src/graph.js";
import { caseInput, threadConfig } from "../src/scenarios/support-run.js";
import { createSupportServices } from "../src/services/support-services.js";
import type { BillingResult } from "../src/state.js";
import { CASE_8842 } from "../src/support-cases.js";
import {
  SAVER_FACTORIES_UNDER_TEST,
  uniqueThreadId,
  useSaverEnvironment,
} from "./support/saver-factories.js";

describe.each(SAVER_FACTORIES_UNDER_TEST)("time travel on %s", (_name, factory) => {
  const environment = useSaverEnvironment(factory);

  it("forks from the checkpoint before policy without touching the original branch or refunding again", async () => {
    const services = createSupportServices();
    const opened = await environment().open();
    try {
      const graph = compileSupportGraph({ checkpointer: opened.checkpointer, services });
      const config = threadConfig(uniqueThreadId("time-travel"));
      const original = await graph.invoke(caseInput(CASE_8842), config);
      const originalEnd = await graph.getState(config);

      const history: StateSnapshot[] = [];
      for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot);
      expect(history.map((snapshot) => snapshot.metadata?.step)).toEqual([3, 2, 1, 0, -1]);
      const beforePolicy = history.find((snapshot) => snapshot.next.includes("policy"));
      expect(beforePolicy?.metadata?.step).toBe(1);
      if (beforePolicy === undefined) return;

      // Replay the same input: policy runs again, the refund does not.
      const replay = await graph.invoke(null, beforePolicy.config);
      expect(services.activity.count("node-started", "policy")).toBe(2);
      expect(replay.policyDecision?.refundId).toBe(original.policyDecision?.refundId);

      // Fork with a changed input: billing's finding replaced by "no duplicate".
      const billing = beforePolicy.values.billingResult as BillingResult;
      const forkConfig = await graph.updateState(
        beforePolicy.config,
        { billingResult: { transactions: billing.transactions } },
        "billing",
      );
      const fork = await graph.invoke(null, forkConfig);
      expect(fork.policyDecision?.action).toBe("deny");
      expect(fork.finalResponse).toContain("found no duplicate charge");
      expect(fork.accountResult).toEqual(original.accountResult);

      expect(await services.refunds.issuedRefunds()).toHaveLength(1);
      expect(services.activity.count("password-reset-sent")).toBe(1);
      const originalAgain = await graph.getState(originalEnd.config);
      expect(originalAgain.values.policyDecision?.refundId).toBe(original.policyDecision?.refundId);
      expect(originalAgain.values.finalResponse).toBe(original.finalResponse);
      // The thread's latest checkpoint is now the fork's end.
      expect((await graph.getState(config)).values.policyDecision?.action).toBe("deny");
    } finally {
      await opened.close();
    }
  });

  it("keeps the original branch's own values after a replay wrote the same channels", async () => {
    const opened = await environment().open();
    try {
      const graph = compileSupportGraph({
        checkpointer: opened.checkpointer,
        services: createSupportServices(),
      });
      const config = threadConfig(uniqueThreadId("time-travel-branches"));
      const original = await graph.invoke(caseInput(CASE_8842), config);
      const originalEnd = await graph.getState(config);
      let beforePolicy: StateSnapshot | undefined;
      for await (const snapshot of graph.getStateHistory(config)) {
        if (snapshot.next.includes("policy")) beforePolicy = snapshot;
      }
      if (beforePolicy === undefined) throw new Error("no checkpoint before policy");
      const replay = await graph.invoke(null, beforePolicy.config);
      // The replay decided from its own fork checkpoint: another value of policyDecision.
      expect(replay.policyDecision?.decidedAtCheckpointId).not.toBe(
        original.policyDecision?.decidedAtCheckpointId,
      );
      const originalAgain = await graph.getState(originalEnd.config);
      expect(originalAgain.values.policyDecision).toEqual(original.policyDecision);
    } finally {
      await opened.close();
    }
  });
});
