import { mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import type { ScenarioReporter } from "../reporting/scenario-reporter.js";
import { FileRefundStore } from "../services/file-refund-store.js";
import { createSupportServices } from "../services/support-services.js";
import { CASE_8842 } from "../support-cases.js";
import { buildTimeline } from "../timeline.js";
import { runChildUntilCrash } from "./crash-child-runner.js";
import type { CrashPoint } from "./crash-protocol.js";
import type { Scenario, ScenarioContext } from "./scenario.js";
import { openSupportRun, threadConfig } from "./support-run.js";

const CRASH_POINT_STORIES: Record<CrashPoint, string> = {
  "policy-started": "killed after billing and account finished, as policy started",
  "refund-issued": "killed right after policy sent the refund, before its checkpoint",
};

/** One child run killed at `crashPoint`, then resumed in this process; reports as it goes. */
async function crashThenResume(
  context: ScenarioContext,
  crashPoint: CrashPoint,
  threadId: string,
): Promise<void> {
  const { environment, reporter } = context;
  const config = threadConfig(threadId);
  const refundStoreDirectory = await mkdtemp(join(context.scratchDirectory, "refunds-"));
  reporter.note(`thread ${threadId}: child process ${CRASH_POINT_STORIES[crashPoint]}`);
  const crash = await runChildUntilCrash({
    saverFactory: context.saverFactory,
    environment,
    threadId,
    supportCase: CASE_8842,
    crashPoint,
    refundStoreDirectory,
  });
  const childNodes: string[] = crash.childEvents.flatMap((event) =>
    event.kind === "node-started" ? [event.node] : [],
  );
  const childRefunds = crash.childEvents.filter((event) => event.kind === "refund-issued").length;
  reporter.note(
    `child ${crash.childPid} ran ${childNodes.join(", ")}, issued ${childRefunds} refund(s), died by ${crash.exitSignal}`,
  );
  reporter.check(
    "the child was SIGKILLed after billing and account finished",
    crash.exitSignal === "SIGKILL" &&
      ["billing", "account", "policy"].every((node) => childNodes.includes(node)) &&
      !childNodes.includes("response"),
    `${crash.exitSignal}; ${childNodes.join(", ")}`,
  );

  // Everything below runs in this process, with fresh services: their counters start at 0.
  const services = createSupportServices({
    refundStore: new FileRefundStore(refundStoreDirectory),
  });
  const run = await openSupportRun(environment, services);
  try {
    const saved = await run.graph.getState(config);
    reporter.check(
      "the saved checkpoint holds both results and names policy as next",
      saved.values.billingResult !== undefined &&
        saved.values.accountResult !== undefined &&
        saved.next.includes("policy"),
      `next=${JSON.stringify(saved.next)}`,
    );
    const final = await run.graph.invoke(null, config);
    const starts = services.activity.nodeStarts();
    reporter.note(`graph.invoke(null, config) in this process ran: ${JSON.stringify(starts)}`);
    reporter.check(
      "billing and account did not run again (no billing lookup, no second reset email)",
      (starts.billing ?? 0) === 0 &&
        (starts.account ?? 0) === 0 &&
        services.activity.count("transactions-fetched") === 0 &&
        services.activity.count("password-reset-sent") === 0,
      JSON.stringify(starts),
    );
    const refunds = await services.refunds.issuedRefunds();
    const replayed = services.activity.count("refund-replayed");
    reporter.check(
      crashPoint === "refund-issued"
        ? "policy ran again, found the child's refund under its key, and did not pay twice"
        : "the refund was issued once, by the resumed run",
      refunds.length === 1 &&
        final.policyDecision?.refundId === refunds[0]?.refundId &&
        replayed === (crashPoint === "refund-issued" ? 1 : 0),
      `${refunds.length} refunds, ${replayed} replayed`,
    );
    reporter.check(
      "completedSteps lists every node once",
      JSON.stringify([...final.completedSteps].sort()) ===
        JSON.stringify(["account", "billing", "policy", "response"]),
      JSON.stringify(final.completedSteps),
    );
    reporter.timeline(
      "checkpoints after the resume",
      await buildTimeline(run.graph, config, environment),
    );
    reportFacts(reporter, crashPoint, { threadId, childNodes, starts, refunds: refunds.length });
  } finally {
    await run.close();
  }
}

function reportFacts(
  reporter: ScenarioReporter,
  crashPoint: CrashPoint,
  facts: Record<string, unknown>,
) {
  reporter.fact(crashPoint, facts);
}

export const crashResumeScenario: Scenario = {
  id: "crash",
  title: "2/5 crash: SIGKILL a child process mid-run, resume in this one",
  summary:
    "a child process is killed mid-run (twice); this process resumes with invoke(null, config)",
  async run(context) {
    await crashThenResume(context, "policy-started", context.threadIdFor(CASE_8842, "crash"));
    await crashThenResume(
      context,
      "refund-issued",
      `${context.threadIdFor(CASE_8842, "crash")}-after-refund`,
    );
  },
};
