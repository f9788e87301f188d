import { Command } from "@langchain/langgraph";
import { compileSupportGraph } from "../src/graph.js";
import { postgresSaverFactory } from "../src/savers/postgres-saver-factory.js";
import { caseInput, threadConfig } from "../src/scenarios/support-run.js";
import { createSupportServices } from "../src/services/support-services.js";
import { CASE_8842, CASE_9107 } from "../src/support-cases.js";
import {
  SAVER_FACTORIES_UNDER_TEST,
  uniqueThreadId,
  useSaverEnvironment,
} from "./support/saver-factories.js";

describe.each(SAVER_FACTORIES_UNDER_TEST)("audit trail on %s", (_name, factory) => {
  const environment = useSaverEnvironment(factory);

  async function runToEnd(threadId: string) {
    const services = createSupportServices();
    const opened = await environment().open();
    try {
      const graph = compileSupportGraph({ checkpointer: opened.checkpointer, services });
      return await graph.invoke(caseInput(CASE_8842), threadConfig(threadId));
    } finally {
      await opened.close();
    }
  }

  it("names, per superstep, the node that wrote each result", async () => {
    const threadId = uniqueThreadId("audit");
    const final = await runToEnd(threadId);

    const rows = await environment().readAuditTrail(threadId);
    const resultRows = rows
      .filter((row) =>
        [
          "requestText",
          "billingResult",
          "accountResult",
          "policyDecision",
          "finalResponse",
        ].includes(row.channel),
      )
      .map((row) => [row.step, row.node, row.channel]);
    expect(resultRows).toEqual(
      expect.arrayContaining([
        [0, "input", "requestText"],
        [1, "billing", "billingResult"],
        [1, "account", "accountResult"],
        [2, "policy", "policyDecision"],
        [3, "response", "finalResponse"],
      ]),
    );
    expect(resultRows).toHaveLength(5);
    const decisionRow = rows.find((row) => row.channel === "policyDecision");
    expect(decisionRow?.value).toEqual(final.policyDecision);
    const steps = rows.map((row) => row.step);
    expect(steps).toEqual([...steps].sort((left, right) => left - right));
    for (const row of rows) expect(Number.isNaN(Date.parse(row.writtenAt))).toBe(false);
    // Routing channels are LangGraph's plumbing, not something an auditor asked for.
    expect(
      rows.some((row) => row.channel.startsWith("branch:") || row.channel.startsWith("join:")),
    ).toBe(false);
  });

  it("records who approved a refund that waited for a human", async () => {
    const threadId = uniqueThreadId("audit-approval");
    const services = createSupportServices();
    const opened = await environment().open();
    try {
      const graph = compileSupportGraph({ checkpointer: opened.checkpointer, services });
      await graph.invoke(caseInput(CASE_9107), threadConfig(threadId));
      await graph.invoke(
        new Command({ resume: { approved: true, approver: "dana.ops" } }),
        threadConfig(threadId),
      );
    } finally {
      await opened.close();
    }
    const rows = await environment().readAuditTrail(threadId);
    const decision = rows.find((row) => row.node === "policy" && row.channel === "policyDecision");
    expect(decision?.value).toMatchObject({
      action: "refund",
      approvedBy: "dana.ops",
      humanReviewed: true,
    });
    expect(
      rows.some((row) => row.node === "resume" && JSON.stringify(row.value).includes("dana.ops")),
    ).toBe(true);
  });

  it("has nothing for a thread that never ran", async () => {
    expect(await environment().readAuditTrail(uniqueThreadId("never-ran"))).toEqual([]);
  });
});

describe("audit trail on postgres", () => {
  const environment = useSaverEnvironment(postgresSaverFactory);

  it("is a query over the saver's checkpoint_history view", async () => {
    expect(environment().auditTrailSource).toMatch(
      /FROM "support_graph"\.checkpoint_history\s+WHERE thread_id = \$1/,
    );
  });
});
