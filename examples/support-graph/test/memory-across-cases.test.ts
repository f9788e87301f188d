import { compileSupportGraph } from "../src/graph.js";
import { refundsNamespace } from "../src/memory/customer-memory.js";
import { openMemoryStore } from "../src/memory/open-memory-store.js";
import { caseInput, threadConfig } from "../src/scenarios/support-run.js";
import { createSupportServices } from "../src/services/support-services.js";
import { CASE_8842, CASE_8842_FOLLOW_UP } from "../src/support-cases.js";
import {
  SAVER_FACTORIES_UNDER_TEST,
  uniqueThreadId,
  useSaverEnvironment,
} from "./support/saver-factories.js";

/** The store each saver's environment gets: the matching checkpointkit store, or LangGraph's. */
const EXPECTED_STORE: Record<string, string> = {
  memory: "InMemoryStore",
  redis: "RedisStore",
  postgres: "PostgresStore",
  cosmos: "CosmosStore",
};

/** The tiered saver's memories go to its cold tier's store. */
function expectedStore(name: string): string {
  if (name === "tiered (postgres cold)") return "PostgresStore";
  if (name === "tiered (cosmos cold)") return "CosmosStore";
  return EXPECTED_STORE[name] ?? "?";
}

describe.each(SAVER_FACTORIES_UNDER_TEST)("memory across cases on %s", (name, factory) => {
  const environment = useSaverEnvironment(factory);

  it("a second case for cust_8842 finds the first case's refund through the store and does not refund twice", async () => {
    const memory = await openMemoryStore(factory.name, environment().childConnection);
    const opened = await environment().open();
    const services = createSupportServices();
    try {
      expect(memory.label.startsWith(expectedStore(name))).toBe(true);
      expect(memory.note !== undefined).toBe(memory.label.startsWith("InMemoryStore"));
      // Earlier test runs against the same external server may have left this memory.
      await memory.store.delete(refundsNamespace(CASE_8842.customerId), "txn_101");
      const graph = compileSupportGraph({
        checkpointer: opened.checkpointer,
        services,
        store: memory.store,
      });
      const firstThread = uniqueThreadId("memory-first");
      const first = await graph.invoke(caseInput(CASE_8842), threadConfig(firstThread));
      expect(first.policyDecision).toMatchObject({ action: "refund" });
      expect(first.policyDecision?.earlierCaseThreadId).toBeUndefined();

      const second = await graph.invoke(
        caseInput(CASE_8842_FOLLOW_UP),
        threadConfig(uniqueThreadId("memory-second")),
      );
      expect(second.policyDecision).toMatchObject({
        action: "refund",
        refundId: first.policyDecision?.refundId,
        earlierCaseThreadId: firstThread,
      });
      expect(second.finalResponse).toContain(
        `already refunded on your earlier case (refund ${first.policyDecision?.refundId})`,
      );
      expect(await services.refunds.issuedRefunds()).toHaveLength(1);
      const [remembered] = await memory.store.search(refundsNamespace(CASE_8842.customerId), {
        filter: { duplicateTxn: "txn_101" },
      });
      expect(remembered?.value).toMatchObject({ threadId: firstThread, duplicateTxn: "txn_101" });
    } finally {
      await opened.close();
      await memory.close();
    }
  }, 60_000);

  it("without a store each case stands alone: the follow-up refunds again (the graph is unchanged for the other scenarios)", async () => {
    const opened = await environment().open();
    const services = createSupportServices();
    try {
      const graph = compileSupportGraph({ checkpointer: opened.checkpointer, services });
      await graph.invoke(caseInput(CASE_8842), threadConfig(uniqueThreadId("alone-first")));
      const second = await graph.invoke(
        caseInput(CASE_8842_FOLLOW_UP),
        threadConfig(uniqueThreadId("alone-second")),
      );
      expect(second.policyDecision?.earlierCaseThreadId).toBeUndefined();
      expect(await services.refunds.issuedRefunds()).toHaveLength(2);
    } finally {
      await opened.close();
    }
  }, 60_000);
});
