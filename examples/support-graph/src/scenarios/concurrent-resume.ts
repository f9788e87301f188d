import { CASE_9107 } from "../support-cases.js";
import {
  environmentHasLeases,
  RACE_APPROVAL,
  type ResumeRaceSummary,
  raceToResumeApprovedRefund,
} from "./resume-race-case.js";
import type { ResumeRaceWorkerResult } from "./resume-race-runner.js";
import type { Scenario, ScenarioContext } from "./scenario.js";

function describeWorker(worker: ResumeRaceWorkerResult): string {
  if (worker.refused !== undefined) {
    return `${worker.workerName} (pid ${worker.pid}) was refused: ${worker.refused.errorName}: ${worker.refused.message}`;
  }
  const policy = worker.finished?.events.filter(
    (event) => event.kind === "node-started" && event.node === "policy",
  ).length;
  const refundEvents = (worker.finished?.events ?? []).flatMap((event) =>
    event.kind === "refund-issued" || event.kind === "refund-replayed" ? [event.kind] : [],
  );
  return `${worker.workerName} (pid ${worker.pid}) resumed the thread: policy ran ${policy}×, refund service answered ${refundEvents.join(", ") || "nothing"}, refund ${worker.finished?.refundId}`;
}

function reportLeasedRace(context: ScenarioContext, summary: ResumeRaceSummary): void {
  const { reporter } = context;
  for (const worker of summary.workers) reporter.note(describeWorker(worker));
  const winners = summary.workers.filter((worker) => worker.finished !== undefined);
  const losers = summary.workers.filter((worker) => worker.refused !== undefined);
  reporter.note(
    `outcome: ${winners.map((worker) => worker.workerName).join(", ") || "nobody"} won the lease and ran; ${losers.map((worker) => worker.workerName).join(", ") || "nobody"} refused; refund count = ${summary.refundsStored}`,
  );
  reporter.check(
    "exactly one worker ran, the other was refused",
    winners.length === 1 && losers.length === 1,
    `${winners.length} ran, ${losers.length} refused`,
  );
  reporter.check(
    "the loser got CheckpointConflictError (CheckpointConflictError.isInstance in its process)",
    losers.length === 1 &&
      losers[0]?.refused?.isCheckpointConflict === true &&
      losers[0].refused.errorName === "CheckpointConflictError",
    losers[0]?.refused?.errorName,
  );
  reporter.check(
    "refund count = 1: one refund stored, one call to the refund service, policy ran once",
    summary.refundsStored === 1 && summary.refundCalls === 1 && summary.policyRuns === 1,
    `stored ${summary.refundsStored}, calls ${summary.refundCalls}, policy runs ${summary.policyRuns}`,
  );
  reporter.check(
    "one history: a single checkpoint follows the paused one, recording the refund",
    summary.checkpointsAfterPause === 1 && summary.finalRefundId === winners[0]?.finished?.refundId,
    `${summary.checkpointsAfterPause} checkpoint(s) after the pause`,
  );
}

function reportUnsafeRace(context: ScenarioContext, summary: ResumeRaceSummary): void {
  const { reporter } = context;
  for (const worker of summary.workers) reporter.note(describeWorker(worker));
  reporter.check(
    "UNSAFE (no leases): both workers ran policy and both called the refund service",
    summary.workers.every((worker) => worker.finished !== undefined) &&
      summary.policyRuns === 2 &&
      summary.refundCalls === 2,
    `policy runs ${summary.policyRuns}, refund calls ${summary.refundCalls}`,
  );
  reporter.check(
    "UNSAFE (no leases): the thread forked, two checkpoints follow the paused one",
    summary.checkpointsAfterPause === 2,
    `${summary.checkpointsAfterPause} checkpoint(s) after the pause`,
  );
  reporter.note(
    `refunds stored: ${summary.refundsStored} — only because this refund service dedupes by idempotency key; a payment call without one would have paid $749.00 twice, and response ran ${summary.responseRuns}× (the customer is answered ${summary.responseRuns === 1 ? "once" : `${summary.responseRuns} times`})`,
  );
}

export const concurrentResumeScenario: Scenario = {
  id: "concurrent-resume",
  title: "concurrent resume: two worker processes resume the same approved refund at once",
  summary: "two forked workers resume one approval; withThreadLease lets exactly one run",
  async run(context) {
    const { environment, reporter } = context;
    if (!(await environmentHasLeases(environment))) {
      // Only the memory saver may lack leases; any checkpointkit saver without them fails here.
      reporter.check(
        "only LangGraph's MemorySaver skips the race (every checkpointkit saver has thread leases)",
        context.saverFactory.name === "memory",
        `${environment.label} has no acquireThreadLease`,
      );
      reporter.note(
        `skipped on ${environment.label}: LangGraph's MemorySaver lives in one process and has no thread leases, so two worker processes cannot share it (the crash scenario's child only reaches it through this process). Run with --saver redis | postgres | cosmos | tiered.`,
      );
      return;
    }
    reporter.note(
      `case_9107 ($749.00 duplicate) is paused at policy's interrupt(); the approval ${JSON.stringify(RACE_APPROVAL)} is delivered to two worker processes (child_process.fork), each with its own checkpointer on ${environment.label}. Both are released at the same moment.`,
    );
    reporter.note("SAFE: each worker resumes inside withThreadLease(saver, thread, run)");
    const leased = await raceToResumeApprovedRefund({
      saverFactory: context.saverFactory,
      environment,
      mode: "leased",
      threadId: context.threadIdFor(CASE_9107, "concurrent-resume"),
      scratchDirectory: context.scratchDirectory,
    });
    reportLeasedRace(context, leased);

    reporter.note(
      "UNSAFE variant, for contrast: the same race with a plain graph.invoke (no lease); both workers are held once policy has started, so both have read the paused checkpoint",
    );
    const unsafe = await raceToResumeApprovedRefund({
      saverFactory: context.saverFactory,
      environment,
      mode: "unsafe",
      threadId: `${context.threadIdFor(CASE_9107, "concurrent-resume")}-unsafe`,
      scratchDirectory: context.scratchDirectory,
    });
    reportUnsafeRace(context, unsafe);
    reporter.fact("leased", {
      threadId: leased.threadId,
      refundsStored: leased.refundsStored,
      refundCalls: leased.refundCalls,
      winner: leased.workers.find((worker) => worker.finished)?.workerName,
      refused: leased.workers.find((worker) => worker.refused)?.workerName,
    });
    reporter.fact("unsafe", {
      threadId: unsafe.threadId,
      refundsStored: unsafe.refundsStored,
      refundCalls: unsafe.refundCalls,
      checkpointsAfterPause: unsafe.checkpointsAfterPause,
    });
  },
};
