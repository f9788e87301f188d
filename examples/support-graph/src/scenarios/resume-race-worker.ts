/**
 * Entry point of one worker of the concurrent-resume scenario (started with `fork`, through
 * tsx), standing in for a second machine that picked up the same approved refund. It opens its
 * own checkpointer on the parent's storage, waits for `race-go`, then resumes the paused
 * thread — inside `withThreadLease` (`leased`) or with a plain `graph.invoke` (`unsafe`) — and
 * reports what it did. It holds where the parent needs it to (the lease just acquired, or
 * policy just started) until `race-proceed`, which is what makes the race's outcome fixed.
 */
import { CheckpointConflictError, withThreadLease } from "@checkpointkit/core";
import { Command } from "@langchain/langgraph";
import { compileSupportGraph, type SupportGraph } from "../graph.js";
import { findSaverFactory } from "../savers/saver-registry.js";
import { asThreadLeaseSaver } from "../savers/thread-lease-saver.js";
import { FileRefundStore } from "../services/file-refund-store.js";
import { createSupportServices, type SupportServices } from "../services/support-services.js";
import {
  isResumeRaceParentMessage,
  type ResumeRaceStartMessage,
  type ResumeRaceWorkerMessage,
} from "./resume-race-protocol.js";
import { threadConfig } from "./support-run.js";

function send(message: ResumeRaceWorkerMessage): void {
  process.send?.(message);
}

/** A promise the parent's message opens. */
function gate(): { opened: Promise<void>; open(): void } {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const go = gate();
const proceed = gate();

/** Tells the parent where this worker is and waits for `race-proceed`. */
async function hold(reason: "lease-acquired" | "policy-started"): Promise<void> {
  send({ channel: "race-held", reason });
  await proceed.opened;
}

async function resume(
  start: ResumeRaceStartMessage,
  graph: SupportGraph,
  services: SupportServices,
  checkpointer: Parameters<typeof asThreadLeaseSaver>[0],
): Promise<string | undefined> {
  if (start.mode === "unsafe") {
    services.activity.subscribe(async (event) => {
      if (event.kind === "node-started" && event.node === "policy") await hold("policy-started");
    });
    const final = await graph.invoke(
      new Command({ resume: start.approval }),
      threadConfig(start.threadId),
    );
    return final.policyDecision?.refundId;
  }
  const leaseSaver = asThreadLeaseSaver(checkpointer);
  if (leaseSaver === undefined) throw new Error(`${start.saverName} has no thread leases`);
  const final = await withThreadLease(
    leaseSaver,
    start.threadId,
    async (config) => {
      await hold("lease-acquired");
      return graph.invoke(new Command({ resume: start.approval }), config);
    },
    { ttlMs: start.leaseTtlMs },
  );
  return final.policyDecision?.refundId;
}

/** Runs the worker and returns its outcome (finished or refused); throws on anything else. */
async function runWorker(start: ResumeRaceStartMessage): Promise<ResumeRaceWorkerMessage> {
  const factory = findSaverFactory(start.saverName);
  if (factory === undefined) throw new Error(`no saver named ${start.saverName} in the registry`);
  const opened = await factory.openInChildProcess(start.connection);
  try {
    const services = createSupportServices({
      refundStore: new FileRefundStore(start.refundStoreDirectory),
    });
    const graph = compileSupportGraph({ checkpointer: opened.checkpointer, services });
    send({ channel: "race-ready", pid: process.pid });
    await go.opened;
    try {
      const refundId = await resume(start, graph, services, opened.checkpointer);
      return { channel: "race-finished", refundId, events: [...services.activity.all()] };
    } catch (error) {
      if (!CheckpointConflictError.isInstance(error)) throw error;
      return {
        channel: "race-refused",
        refusal: { errorName: error.name, message: error.message, isCheckpointConflict: true },
      };
    }
  } finally {
    await opened.close();
  }
}

/** The last message: the process exits once it has left, so the parent never misses it. */
function sendThenExit(message: ResumeRaceWorkerMessage, exitCode: number): void {
  if (process.send === undefined) process.exit(exitCode);
  process.send(message, undefined, {}, () => process.exit(exitCode));
}

// If the parent dies first, nobody is waiting for this worker: leave instead of lingering.
process.on("disconnect", () => process.exit(1));

process.on("message", (message) => {
  if (!isResumeRaceParentMessage(message)) return;
  if (message.channel === "race-go") go.open();
  else if (message.channel === "race-proceed") proceed.open();
  else
    runWorker(message).then(
      (outcome) => sendThenExit(outcome, 0),
      (error: unknown) =>
        sendThenExit(
          {
            channel: "race-failed",
            errorMessage: error instanceof Error ? (error.stack ?? error.message) : String(error),
          },
          1,
        ),
    );
});
