import { compileSupportGraph, type SupportGraph } from "../src/graph.js";
import { caseInput, threadConfig } from "../src/scenarios/support-run.js";
import { createSupportServices, type SupportServices } from "../src/services/support-services.js";
import { CASE_8842 } from "../src/support-cases.js";
import { buildTimeline } from "../src/timeline.js";
import {
  SAVER_FACTORIES_UNDER_TEST,
  uniqueThreadId,
  useSaverEnvironment,
} from "./support/saver-factories.js";

describe.each(SAVER_FACTORIES_UNDER_TEST)("case_8842 on %s", (_name, factory) => {
  const environment = useSaverEnvironment(factory);
  let services: SupportServices;
  let graph: SupportGraph;
  let close: () => Promise<void>;

  beforeEach(async () => {
    services = createSupportServices();
    const opened = await environment().open();
    graph = compileSupportGraph({ checkpointer: opened.checkpointer, services });
    close = opened.close;
  });
  afterEach(async () => close());

  it("finds the duplicate, sends the reset, refunds once and answers both", async () => {
    const config = threadConfig(uniqueThreadId("case_8842"));
    const final = await graph.invoke(caseInput(CASE_8842), config);

    expect(final.billingResult?.duplicateCharge).toEqual({
      originalTxn: "txn_100",
      duplicateTxn: "txn_101",
      amountCents: 4999,
      currency: "USD",
      merchant: "Acme Streaming",
    });
    expect(final.accountResult).toEqual({ resetSent: true, resetTicket: "rst_cust_8842_1" });
    expect(final.policyDecision).toMatchObject({
      action: "refund",
      approvedBy: "policy-engine",
      humanReviewed: false,
    });
    const refunds = await services.refunds.issuedRefunds();
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ txnId: "txn_101", amountCents: 4999, currency: "USD" });
    expect(final.policyDecision?.refundId).toBe(refunds[0]?.refundId);
    expect(final.finalResponse).toContain("$49.99");
    expect(final.finalResponse).toContain(refunds[0]?.refundId);
    expect(final.finalResponse).toContain("password reset");
    expect([...final.completedSteps].sort()).toEqual(["account", "billing", "policy", "response"]);
    expect(services.activity.nodeStarts()).toEqual({
      billing: 1,
      account: 1,
      policy: 1,
      response: 1,
    });
  });

  it("runs billing and account in one superstep, then policy and response in their own", async () => {
    const config = threadConfig(uniqueThreadId("fan-out"));
    await graph.invoke(caseInput(CASE_8842), config);

    const timeline = await buildTimeline(graph, config);
    const loopSteps = timeline.filter((entry) => entry.source === "loop");
    expect(loopSteps.map((entry) => [entry.step, [...entry.nodes].sort()])).toEqual([
      [0, ["(start)"]],
      [1, ["account", "billing"]],
      [2, ["policy"]],
      [3, ["response"]],
    ]);
    // The checkpoint of step 1 already holds both results: neither write waited for the other.
    const afterFanOut = await graph.getState({
      configurable: { ...config.configurable, checkpoint_id: loopSteps[1]?.checkpointId },
    });
    expect(afterFanOut.values.billingResult?.duplicateCharge?.duplicateTxn).toBe("txn_101");
    expect(afterFanOut.values.accountResult?.resetSent).toBe(true);
    expect(afterFanOut.values.policyDecision).toBeUndefined();
    expect(afterFanOut.next).toEqual(["policy"]);
  });

  it("answers without a refund when billing finds no duplicate", async () => {
    const config = threadConfig(uniqueThreadId("no-duplicate"));
    const final = await graph.invoke(
      { ...caseInput(CASE_8842), customerId: "cust_without_charges" },
      config,
    );
    expect(final.billingResult).toEqual({ transactions: [] });
    expect(final.policyDecision?.action).toBe("deny");
    expect(await services.refunds.issuedRefunds()).toHaveLength(0);
    expect(final.finalResponse).toContain("found no duplicate charge");
  });
});
