import { mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import { compileSupportGraph } from "../graph.js";
import type { RefundApproval } from "../nodes/refund-approval.js";
import type { SaverEnvironment, SaverFactory } from "../savers/saver-factory.js";
import { asThreadLeaseSaver } from "../savers/thread-lease-saver.js";
import { FileRefundStore } from "../services/file-refund-store.js";
import { InMemoryRefundStore } from "../services/refund-store.js";
import { createSupportServices } from "../services/support-services.js";
import { CASE_9107 } from "../support-cases.js";
import type { ResumeRaceMode } from "./resume-race-protocol.js";
import { type ResumeRaceWorkerResult, runResumeRace } from "./resume-race-runner.js";
import { caseInput, threadConfig } from "./support-run.js";

/** The approval both workers picked up: the same message, delivered twice. */
export const RACE_APPROVAL: RefundApproval = {
  approved: true,
  approver: "dana.ops",
  note: "approved once, delivered to two workers",
};

/** What a concurrent resume left behind, read from the refund store and the saver. */
export interface ResumeRaceSummary {
  mode: ResumeRaceMode;
  threadId: string;
  workers: ResumeRaceWorkerResult[];
  /** Refunds in the shared refund store: the money that moved. */
  refundsStored: number;
  /** Calls that reached the refund service, both workers together (issued + replayed). */
  refundCalls: number;
  /** Times the policy node ran, both workers together. */
  policyRuns: number;
  /** Times the response node ran (each run answers the customer). */
  responseRuns: number;
  /** Checkpoints whose parent is the paused one: 2 means the thread forked. */
  checkpointsAfterPause: number;
  /** The refund id the thread's final state records. */
  finalRefundId: string | undefined;
}

/**
 * Runs case_9107 ($749, over the auto-approval limit) until policy's `interrupt()` and returns
 * the paused checkpoint's id. Nothing is refunded yet.
 */
async function pauseAtApproval(environment: SaverEnvironment, threadId: string): Promise<string> {
  const opened = await environment.open();
  try {
    const services = createSupportServices({ refundStore: new InMemoryRefundStore() });
    const graph = compileSupportGraph({ checkpointer: opened.checkpointer, services });
    await graph.invoke(caseInput(CASE_9107), threadConfig(threadId));
    const state = await graph.getState(threadConfig(threadId));
    const checkpointId = state.config.configurable?.checkpoint_id;
    if (!state.next.includes("policy") || typeof checkpointId !== "string") {
      throw new Error(`case_9107 did not pause at policy: next=${JSON.stringify(state.next)}`);
    }
    return checkpointId;
  } finally {
    await opened.close();
  }
}

/** Whether the environment's saver has thread leases (LangGraph's MemorySaver has none). */
export async function environmentHasLeases(environment: SaverEnvironment): Promise<boolean> {
  const opened = await environment.open();
  try {
    return asThreadLeaseSaver(opened.checkpointer) !== undefined;
  } finally {
    await opened.close();
  }
}

async function countCheckpointsAfter(
  environment: SaverEnvironment,
  threadId: string,
  parentCheckpointId: string,
): Promise<{ children: number; finalRefundId: string | undefined }> {
  const opened = await environment.open();
  try {
    let children = 0;
    for await (const tuple of opened.checkpointer.list(threadConfig(threadId))) {
      if (tuple.parentConfig?.configurable?.checkpoint_id === parentCheckpointId) children += 1;
    }
    const services = createSupportServices({ refundStore: new InMemoryRefundStore() });
    const graph = compileSupportGraph({ checkpointer: opened.checkpointer, services });
    const state = await graph.getState(threadConfig(threadId));
    return { children, finalRefundId: state.values.policyDecision?.refundId };
  } finally {
    await opened.close();
  }
}

/**
 * Pauses a fresh case_9107 thread at the approval, lets two forked workers resume it at the
 * same moment (`mode`), and reads back what happened.
 */
export async function raceToResumeApprovedRefund(options: {
  saverFactory: SaverFactory;
  environment: SaverEnvironment;
  mode: ResumeRaceMode;
  threadId: string;
  scratchDirectory: string;
}): Promise<ResumeRaceSummary> {
  const { environment, threadId } = options;
  const pausedCheckpointId = await pauseAtApproval(environment, threadId);
  const refundStoreDirectory = await mkdtemp(
    join(options.scratchDirectory, `race-refunds-${options.mode}-`),
  );
  const workers = await runResumeRace({
    saverFactory: options.saverFactory,
    environment,
    mode: options.mode,
    threadId,
    approval: RACE_APPROVAL,
    refundStoreDirectory,
  });
  const events = workers.flatMap((worker) => worker.finished?.events ?? []);
  const refunds = await new FileRefundStore(refundStoreDirectory).list();
  const after = await countCheckpointsAfter(environment, threadId, pausedCheckpointId);
  return {
    mode: options.mode,
    threadId,
    workers,
    refundsStored: refunds.length,
    refundCalls: events.filter(
      (event) => event.kind === "refund-issued" || event.kind === "refund-replayed",
    ).length,
    policyRuns: events.filter((event) => event.kind === "node-started" && event.node === "policy")
      .length,
    responseRuns: events.filter(
      (event) => event.kind === "node-started" && event.node === "response",
    ).length,
    checkpointsAfterPause: after.children,
    finalRefundId: after.finalRefundId,
  };
}
