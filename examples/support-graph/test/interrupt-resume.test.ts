import { Command } from "@langchain/langgraph";
import { compileSupportGraph } from "../src/graph.js";
import type { RefundApprovalRequest } from "../src/nodes/refund-approval.js";
import { caseInput, threadConfig } from "../src/scenarios/support-run.js";
import { InMemoryRefundStore } from "../src/services/refund-store.js";
import { createSupportServices } from "../src/services/support-services.js";
import { CASE_9107 } from "../src/support-cases.js";
import {
  SAVER_FACTORIES_UNDER_TEST,
  uniqueThreadId,
  useSaverEnvironment,
} from "./support/saver-factories.js";

const APPROVAL = { approved: true, approver: "dana.ops" };

describe.each(SAVER_FACTORIES_UNDER_TEST)("a $749 duplicate on %s", (_name, factory) => {
  const environment = useSaverEnvironment(factory);

  /** A graph on its own checkpointer, sharing `refundStore` like every process shares the payment provider. */
  async function openGraph(refundStore: InMemoryRefundStore) {
    const services = createSupportServices({ refundStore });
    const opened = await environment().open();
    return {
      services,
      graph: compileSupportGraph({ checkpointer: opened.checkpointer, services }),
      close: opened.close,
    };
  }

  it("pauses at policy, refunds only after the approval, and exactly once when resumed twice", async () => {
    const refundStore = new InMemoryRefundStore();
    const config = threadConfig(uniqueThreadId("case_9107"));
    const first = await openGraph(refundStore);
    const paused = await first.graph.invoke(caseInput(CASE_9107), config);

    const interrupts = (paused as { __interrupt__?: Array<{ value: RefundApprovalRequest }> })
      .__interrupt__;
    expect(interrupts).toHaveLength(1);
    expect(interrupts?.[0]?.value).toMatchObject({
      kind: "refund-approval",
      autoApprovalLimitCents: 50_000,
      duplicateCharge: { duplicateTxn: "txn_201", amountCents: 74_900 },
    });
    const pausedState = await first.graph.getState(config);
    expect(pausedState.next).toEqual(["policy"]);
    expect(await refundStore.list()).toEqual([]);
    await first.close();

    // The approval comes through another checkpointer: the pause has to be in storage.
    const second = await openGraph(refundStore);
    const approved = await second.graph.invoke(new Command({ resume: APPROVAL }), config);
    expect(approved.policyDecision).toMatchObject({
      action: "refund",
      approvedBy: "dana.ops",
      humanReviewed: true,
    });
    const refunds = await refundStore.list();
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({
      txnId: "txn_201",
      amountCents: 74_900,
      approvedBy: "dana.ops",
    });
    expect(approved.finalResponse).toContain(refunds[0]?.refundId);

    // Resumed again on the finished thread: nothing is waiting, nothing runs.
    await second.graph.invoke(new Command({ resume: APPROVAL }), config);
    // Resumed again from the paused checkpoint itself: policy really runs a second time...
    const replayed = await second.graph.invoke(
      new Command({ resume: APPROVAL }),
      pausedState.config,
    );
    expect(second.services.activity.count("node-started", "policy")).toBe(2);
    // ...and the refund service recognises the key instead of paying again.
    expect(second.services.activity.count("refund-replayed")).toBe(1);
    expect(replayed.policyDecision?.refundId).toBe(refunds[0]?.refundId);
    expect(await refundStore.list()).toHaveLength(1);
    await second.close();
  });

  it("escalates to a billing specialist without refunding when the reviewer declines", async () => {
    const refundStore = new InMemoryRefundStore();
    const config = threadConfig(uniqueThreadId("case_9107-declined"));
    const { graph, close } = await openGraph(refundStore);
    await graph.invoke(caseInput(CASE_9107), config);
    const final = await graph.invoke(
      new Command({ resume: { approved: false, approver: "dana.ops" } }),
      config,
    );
    expect(final.policyDecision).toMatchObject({ action: "escalate", humanReviewed: true });
    expect(final.finalResponse).toContain("billing specialist");
    expect(await refundStore.list()).toEqual([]);
    await close();
  });

  it("refuses a resume value that is not an approval, and refunds nothing", async () => {
    const refundStore = new InMemoryRefundStore();
    const config = threadConfig(uniqueThreadId("case_9107-malformed"));
    const { graph, close } = await openGraph(refundStore);
    await graph.invoke(caseInput(CASE_9107), config);
    await expect(
      graph.invoke(new Command({ resume: { approved: "yes" } }), config),
    ).rejects.toThrow(/approved: boolean/);
    expect(await refundStore.list()).toEqual([]);
    await close();
  });
});
