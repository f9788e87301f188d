/**
 * Entry point of the crash scenario's child process (started with `fork`, through tsx).
 * It runs the support graph up to the crash point it was given — policy starting (billing and
 * account finished and, with `durability: "sync"`, checkpointed) or the refund just sent —
 * tells the parent, and waits there to be SIGKILLed. It never exits on its own.
 */
import { compileSupportGraph } from "../graph.js";
import { findSaverFactory } from "../savers/saver-registry.js";
import type { ActivityEvent } from "../services/activity-log.js";
import { FileRefundStore } from "../services/file-refund-store.js";
import { createSupportServices } from "../services/support-services.js";
import {
  type CrashChildMessage,
  type CrashPoint,
  type CrashStartMessage,
  isCrashStartMessage,
} from "./crash-protocol.js";
import { caseInput, threadConfig } from "./support-run.js";

function reachedCrashPoint(event: ActivityEvent, crashPoint: CrashPoint): boolean {
  if (crashPoint === "policy-started") {
    return event.kind === "node-started" && event.node === "policy";
  }
  return event.kind === "refund-issued";
}

function send(message: CrashChildMessage): void {
  process.send?.(message);
}

async function runUntilParked(start: CrashStartMessage): Promise<void> {
  const factory = findSaverFactory(start.saverName);
  if (factory === undefined) throw new Error(`no saver named ${start.saverName} in the registry`);
  const opened = await factory.openInChildProcess(start.connection);
  const services = createSupportServices({
    refundStore: new FileRefundStore(start.refundStoreDirectory),
  });
  services.activity.subscribe(async (event) => {
    send({ channel: "crash-activity", event });
    if (reachedCrashPoint(event, start.crashPoint)) {
      send({ channel: "crash-parked", crashPoint: start.crashPoint });
      // Parked on purpose: the parent kills this process here, mid-node.
      await new Promise<never>(() => {});
    }
  });
  const graph = compileSupportGraph({ checkpointer: opened.checkpointer, services });
  await graph.invoke(caseInput(start.supportCase), {
    ...threadConfig(start.threadId),
    durability: "sync",
  });
  send({ channel: "crash-finished" });
  await opened.close();
}

// If the parent dies first, nobody will kill this process: leave instead of lingering.
process.on("disconnect", () => process.exit(1));

process.on("message", (message) => {
  if (!isCrashStartMessage(message)) return;
  runUntilParked(message).catch((error: unknown) => {
    send({
      channel: "crash-failed",
      errorMessage: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  });
});
