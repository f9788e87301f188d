import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileSupportGraph } from "../src/graph.js";
import { runChildUntilCrash } from "../src/scenarios/crash-child-runner.js";
import { threadConfig } from "../src/scenarios/support-run.js";
import { FileRefundStore } from "../src/services/file-refund-store.js";
import { createSupportServices } from "../src/services/support-services.js";
import { CASE_8842 } from "../src/support-cases.js";
import {
  SAVER_FACTORIES_UNDER_TEST,
  uniqueThreadId,
  useSaverEnvironment,
} from "./support/saver-factories.js";

describe.each(SAVER_FACTORIES_UNDER_TEST)("crash and resume on %s", (_name, factory) => {
  const environment = useSaverEnvironment(factory);
  let refundStoreDirectory: string;

  beforeEach(async () => {
    refundStoreDirectory = await mkdtemp(join(tmpdir(), "support-graph-refunds-"));
  });
  afterEach(async () => {
    await rm(refundStoreDirectory, { recursive: true, force: true });
  });

  it("resumes a SIGKILLed run without re-running billing or account, refunding once", async () => {
    const threadId = uniqueThreadId("case_8842-crash");
    const crash = await runChildUntilCrash({
      saverFactory: factory,
      environment: environment(),
      threadId,
      supportCase: CASE_8842,
      crashPoint: "policy-started",
      refundStoreDirectory,
    });
    expect(crash.exitSignal).toBe("SIGKILL");
    const childStarts = crash.childEvents.flatMap((event) =>
      event.kind === "node-started" ? [event.node] : [],
    );
    expect([...childStarts].sort()).toEqual(["account", "billing", "policy"]);
    expect(crash.childEvents.filter((event) => event.kind === "password-reset-sent")).toHaveLength(
      1,
    );

    const services = createSupportServices({
      refundStore: new FileRefundStore(refundStoreDirectory),
    });
    const opened = await environment().open();
    try {
      const graph = compileSupportGraph({ checkpointer: opened.checkpointer, services });
      const config = threadConfig(threadId);
      const saved = await graph.getState(config);
      expect(saved.next).toEqual(["policy"]);
      expect(saved.values.billingResult?.duplicateCharge?.duplicateTxn).toBe("txn_101");
      expect(saved.values.accountResult?.resetTicket).toBe("rst_cust_8842_1");

      const final = await graph.invoke(null, config);

      expect(services.activity.nodeStarts()).toEqual({ policy: 1, response: 1 });
      expect(services.activity.count("transactions-fetched")).toBe(0);
      expect(services.activity.count("password-reset-sent")).toBe(0);
      const refunds = await services.refunds.issuedRefunds();
      expect(refunds).toHaveLength(1);
      expect(final.policyDecision?.refundId).toBe(refunds[0]?.refundId);
      expect([...final.completedSteps].sort()).toEqual([
        "account",
        "billing",
        "policy",
        "response",
      ]);
      expect(final.finalResponse).toContain("password reset");

      // Resuming the finished thread once more changes nothing.
      await graph.invoke(null, config);
      expect(services.activity.nodeStarts()).toEqual({ policy: 1, response: 1 });
      expect(await services.refunds.issuedRefunds()).toHaveLength(1);
    } finally {
      await opened.close();
    }
  });

  it("does not refund twice when killed after the refund left but before policy's checkpoint", async () => {
    const threadId = uniqueThreadId("case_8842-crash-after-refund");
    const crash = await runChildUntilCrash({
      saverFactory: factory,
      environment: environment(),
      threadId,
      supportCase: CASE_8842,
      crashPoint: "refund-issued",
      refundStoreDirectory,
    });
    expect(crash.exitSignal).toBe("SIGKILL");
    const childRefunds = crash.childEvents.filter((event) => event.kind === "refund-issued");
    expect(childRefunds).toHaveLength(1);

    const services = createSupportServices({
      refundStore: new FileRefundStore(refundStoreDirectory),
    });
    const opened = await environment().open();
    try {
      const graph = compileSupportGraph({ checkpointer: opened.checkpointer, services });
      const config = threadConfig(threadId);
      // policy's writes died with the child: the saved state still waits for policy.
      expect((await graph.getState(config)).next).toEqual(["policy"]);

      const final = await graph.invoke(null, config);

      expect(services.activity.nodeStarts()).toEqual({ policy: 1, response: 1 });
      expect(services.activity.count("refund-issued")).toBe(0);
      expect(services.activity.count("refund-replayed")).toBe(1);
      const refunds = await services.refunds.issuedRefunds();
      expect(refunds).toHaveLength(1);
      const childRefund = childRefunds[0];
      expect(childRefund?.kind === "refund-issued" && childRefund.refundId).toBe(
        refunds[0]?.refundId,
      );
      expect(final.policyDecision?.refundId).toBe(refunds[0]?.refundId);
    } finally {
      await opened.close();
    }
  });
});
