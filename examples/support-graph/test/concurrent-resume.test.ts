import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { raceToResumeApprovedRefund } from "../src/scenarios/resume-race-case.js";
import {
  SAVER_FACTORIES_UNDER_TEST,
  uniqueThreadId,
  useSaverEnvironment,
} from "./support/saver-factories.js";

// LangGraph's MemorySaver lives in one process and has no leases: two worker processes cannot
// share it, so the race runs on every other saver (the scenario says so on memory).
const LEASE_SAVERS = SAVER_FACTORIES_UNDER_TEST.filter(([name]) => name !== "memory");

describe.each(LEASE_SAVERS)("two workers resume one approved refund on %s", (_name, factory) => {
  const environment = useSaverEnvironment(factory);
  let scratchDirectory: string;

  beforeEach(async () => {
    scratchDirectory = await mkdtemp(join(tmpdir(), "support-graph-race-"));
  });
  afterEach(async () => {
    await rm(scratchDirectory, { recursive: true, force: true });
  });

  it("with withThreadLease: one runs, the other gets CheckpointConflictError, one refund", async () => {
    const summary = await raceToResumeApprovedRefund({
      saverFactory: factory,
      environment: environment(),
      mode: "leased",
      threadId: uniqueThreadId("case_9107-race"),
      scratchDirectory,
    });
    const winners = summary.workers.filter((worker) => worker.finished !== undefined);
    const losers = summary.workers.filter((worker) => worker.refused !== undefined);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]?.refused).toEqual({
      errorName: "CheckpointConflictError",
      isCheckpointConflict: true,
      message: expect.stringContaining("is leased by another run"),
    });
    expect(winners[0]?.heldAt).toBe("lease-acquired");
    expect(summary.refundsStored).toBe(1);
    expect(summary.refundCalls).toBe(1);
    expect(summary.policyRuns).toBe(1);
    expect(summary.responseRuns).toBe(1);
    expect(summary.checkpointsAfterPause).toBe(1);
    expect(summary.finalRefundId).toBe(winners[0]?.finished?.refundId);
    expect(summary.finalRefundId).toMatch(/^rf_/);
  });

  it("without leases (unsafe): both run policy, both call the refund service, the thread forks", async () => {
    const summary = await raceToResumeApprovedRefund({
      saverFactory: factory,
      environment: environment(),
      mode: "unsafe",
      threadId: uniqueThreadId("case_9107-race-unsafe"),
      scratchDirectory,
    });
    expect(summary.workers.map((worker) => worker.heldAt)).toEqual([
      "policy-started",
      "policy-started",
    ]);
    expect(summary.workers.every((worker) => worker.refused === undefined)).toBe(true);
    expect(summary.policyRuns).toBe(2);
    expect(summary.responseRuns).toBe(2);
    expect(summary.refundCalls).toBe(2);
    // Only the refund service's idempotency key keeps the money to one refund.
    expect(summary.refundsStored).toBe(1);
    expect(summary.checkpointsAfterPause).toBe(2);
  });
});
