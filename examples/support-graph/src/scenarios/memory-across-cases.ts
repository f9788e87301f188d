import { findEarlierRefund, refundsNamespace } from "../memory/customer-memory.js";
import { openMemoryStore } from "../memory/open-memory-store.js";
import { createSupportServices } from "../services/support-services.js";
import { CASE_8842, CASE_8842_FOLLOW_UP } from "../support-cases.js";
import type { Scenario } from "./scenario.js";
import { caseInput, openSupportRun, threadConfig } from "./support-run.js";

export const memoryAcrossCasesScenario: Scenario = {
  id: "memory",
  title: "memory: a second case for cust_8842 finds the earlier refund through the store",
  summary:
    "graph.compile({ checkpointer, store }): refunds remembered per customer, not per thread",
  async run({ saverFactory, environment, reporter, threadIdFor }) {
    const memory = await openMemoryStore(saverFactory.name, environment.childConnection);
    // One payment provider for both cases, as in production.
    const services = createSupportServices();
    const run = await openSupportRun(environment, services, memory.store);
    try {
      reporter.note(`store: ${memory.label}`);
      if (memory.note !== undefined) reporter.note(`note: ${memory.note}`);
      const duplicateTxn = "txn_101";
      // Thread ids are unique per run, memories are per customer: a previous demo run against
      // the same external server may have left this customer's refund behind.
      await memory.store.delete(refundsNamespace(CASE_8842.customerId), duplicateTxn);

      const firstThread = threadIdFor(CASE_8842, "memory");
      reporter.note(`case 1: thread ${firstThread}: "${CASE_8842.requestText}"`);
      const first = await run.graph.invoke(caseInput(CASE_8842), threadConfig(firstThread));
      reporter.check(
        "case 1 refunded the duplicate and the store remembers it under the customer",
        first.policyDecision?.action === "refund" &&
          first.policyDecision.earlierCaseThreadId === undefined,
        JSON.stringify(first.policyDecision),
      );
      const remembered = await memory.store.search(refundsNamespace(CASE_8842.customerId), {
        filter: { duplicateTxn },
      });
      reporter.table(
        `store.search(${JSON.stringify(refundsNamespace(CASE_8842.customerId))}, { filter: { duplicateTxn: "${duplicateTxn}" } })`,
        remembered.map((item) => ({
          key: item.key,
          refundId: String(item.value.refundId),
          threadId: String(item.value.threadId),
          updatedAt: item.updatedAt.toISOString(),
        })),
      );

      const secondThread = threadIdFor(CASE_8842_FOLLOW_UP, "memory");
      reporter.note(`case 2: thread ${secondThread}: "${CASE_8842_FOLLOW_UP.requestText}"`);
      const second = await run.graph.invoke(
        caseInput(CASE_8842_FOLLOW_UP),
        threadConfig(secondThread),
      );
      const firstRefund = first.policyDecision?.refundId;
      reporter.check(
        "case 2 (another thread) found case 1's refund through the store",
        second.policyDecision?.earlierCaseThreadId === firstThread &&
          second.policyDecision.refundId === firstRefund,
        JSON.stringify(second.policyDecision),
      );
      const refunds = await services.refunds.issuedRefunds();
      reporter.check(
        "one refund across both cases: the duplicate was not refunded twice",
        refunds.length === 1,
        `${refunds.length} refunds`,
      );
      const answer = second.finalResponse ?? "";
      reporter.check(
        "case 2's answer cites the earlier refund",
        firstRefund !== undefined && answer.includes(firstRefund),
        answer,
      );
      reporter.note(`case 2 response: ${answer}`);
      const found = await findEarlierRefund(memory.store, CASE_8842.customerId, {
        originalTxn: "txn_100",
        duplicateTxn,
        amountCents: 4999,
        currency: "USD",
        merchant: "Acme Streaming",
      });
      reporter.fact("store", memory.label);
      reporter.fact("firstThreadId", firstThread);
      reporter.fact("secondThreadId", secondThread);
      reporter.fact("rememberedRefund", found ?? null);
      reporter.fact("secondPolicyDecision", second.policyDecision ?? null);
      reporter.fact("secondResponse", answer);
      reporter.fact(
        "refundIds",
        refunds.map((refund) => refund.refundId),
      );
    } finally {
      await run.close();
      await memory.close();
    }
  },
};
