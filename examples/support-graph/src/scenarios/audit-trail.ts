import type { AuditTrailRow } from "../savers/saver-factory.js";
import { createSupportServices } from "../services/support-services.js";
import { CASE_8842 } from "../support-cases.js";
import type { Scenario } from "./scenario.js";
import { caseInput, openSupportRun, threadConfig } from "./support-run.js";

const VALUE_PREVIEW_CHARS = 72;

/**
 * The text of a message: a live LangChain message, or one as the SQL view shows it (the
 * serializer's `{ lc: 1, kwargs: { content } }` JSON).
 */
function messageContent(item: unknown): unknown {
  const message = item as {
    content?: unknown;
    lc?: unknown;
    kwargs?: { content?: unknown };
  } | null;
  if (message?.content !== undefined) return message.content;
  return message?.lc === 1 ? message.kwargs?.content : undefined;
}

/** Messages show as their text; everything else as compact JSON, cut to one table cell. */
function previewValue(value: unknown): string {
  const items = Array.isArray(value) ? value : [value];
  const contents = items.map(messageContent);
  const text = contents.every((content) => typeof content === "string")
    ? contents.map((content) => `“${content}”`).join(" ")
    : JSON.stringify(value);
  return text.length > VALUE_PREVIEW_CHARS ? `${text.slice(0, VALUE_PREVIEW_CHARS - 1)}…` : text;
}

function wrote(rows: readonly AuditTrailRow[], node: string, channel: string): boolean {
  return rows.some((row) => row.node === node && row.channel === channel);
}

export const auditTrailScenario: Scenario = {
  id: "audit-trail",
  title: "4/5 audit trail: which node wrote what, when, read back from the durable store",
  summary: "the thread's writes, read through the saver's audit query",
  async run({ environment, reporter, threadIdFor }) {
    const threadId = threadIdFor(CASE_8842, "audit-trail");
    const services = createSupportServices();
    const run = await openSupportRun(environment, services);
    try {
      await run.graph.invoke(caseInput(CASE_8842), threadConfig(threadId));
    } finally {
      await run.close();
    }
    reporter.note(`thread ${threadId} ran to the end; reading its history back`);
    const [firstSourceLine, ...moreSourceLines] = environment.auditTrailSource.split("\n");
    reporter.note(`source: ${firstSourceLine}`);
    for (const line of moreSourceLines) reporter.note(`        ${line}`);
    const rows = await environment.readAuditTrail(threadId);
    reporter.table(
      "audit trail",
      rows.map((row) => ({
        step: String(row.step),
        node: row.node,
        channel: row.channel,
        value: previewValue(row.value),
        "written at": row.writtenAt,
      })),
    );
    reporter.check("the caller's input is recorded", wrote(rows, "input", "requestText"));
    reporter.check("billing's finding is recorded", wrote(rows, "billing", "billingResult"));
    reporter.check("account's reset is recorded", wrote(rows, "account", "accountResult"));
    reporter.check("policy's decision is recorded", wrote(rows, "policy", "policyDecision"));
    reporter.check("the final response is recorded", wrote(rows, "response", "finalResponse"));
    const stepOf = (node: string) => rows.find((row) => row.node === node)?.step;
    reporter.check(
      "billing and account wrote in the same superstep",
      stepOf("billing") !== undefined && stepOf("billing") === stepOf("account"),
      `billing@${stepOf("billing")} account@${stepOf("account")}`,
    );
    const decision = rows.find((row) => row.channel === "policyDecision")?.value as
      | { refundId?: string }
      | undefined;
    reporter.check(
      "the recorded decision names the refund that was issued",
      decision?.refundId !== undefined &&
        (await services.refunds.issuedRefunds()).some(
          (refund) => refund.refundId === decision.refundId,
        ),
      JSON.stringify(decision),
    );
    reporter.fact("threadId", threadId);
    reporter.fact("auditTrail", rows);
  },
};
