import { fork } from "node:child_process";
import { join } from "node:path";
import type { SaverEnvironment, SaverFactory } from "../savers/saver-factory.js";
import type { ActivityEvent } from "../services/activity-log.js";
import type { SupportCase } from "../support-cases.js";
import { type CrashPoint, type CrashStartMessage, isCrashChildMessage } from "./crash-protocol.js";

export interface CrashRunOptions {
  saverFactory: SaverFactory;
  environment: SaverEnvironment;
  threadId: string;
  supportCase: SupportCase;
  /** Where the child dies. */
  crashPoint: CrashPoint;
  /** Shared with the process that resumes, so it sees refunds the child issued. */
  refundStoreDirectory: string;
  /** Give up when the child has not reached the policy node by then. @default 60000 */
  timeoutMs?: number;
}

export interface CrashRunResult {
  childPid: number;
  /** What the child did before it died, in order. */
  childEvents: ActivityEvent[];
  /** `SIGKILL` when the kill is what ended the child. */
  exitSignal: NodeJS.Signals | null;
}

/**
 * Forks `crash-child.ts`, waits until it reports its crash point, then SIGKILLs it: no
 * `finally`, no flush, no graceful close.
 */
export async function runChildUntilCrash(options: CrashRunOptions): Promise<CrashRunResult> {
  const child = fork(join(__dirname, "crash-child.ts"), [], {
    execArgv: ["--import", require.resolve("tsx")],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const detach = options.environment.attachChildProcess?.(child);
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const childEvents: ActivityEvent[] = [];
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once("exit", (_code, signal) => resolve(signal)),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `the child did not reach ${options.crashPoint} within ${options.timeoutMs ?? 60000} ms`,
            ),
          ),
        options.timeoutMs ?? 60000,
      );
      const settle = (error?: Error) => {
        clearTimeout(timer);
        if (error === undefined) resolve();
        else reject(error);
      };
      child.on("message", (message) => {
        if (!isCrashChildMessage(message)) return;
        if (message.channel === "crash-activity") childEvents.push(message.event);
        if (message.channel === "crash-parked") settle();
        if (message.channel === "crash-failed")
          settle(new Error(`child failed: ${message.errorMessage}`));
        if (message.channel === "crash-finished")
          settle(new Error(`child finished without reaching ${options.crashPoint}`));
      });
      child.once("exit", (code, signal) =>
        settle(
          new Error(`child exited early (code ${code}, signal ${signal}): ${output.join("")}`),
        ),
      );
      const start: CrashStartMessage = {
        channel: "crash-start",
        crashPoint: options.crashPoint,
        saverName: options.saverFactory.name,
        connection: options.environment.childConnection,
        threadId: options.threadId,
        supportCase: options.supportCase,
        refundStoreDirectory: options.refundStoreDirectory,
      };
      child.send(start);
    });
    child.kill("SIGKILL");
    const exitSignal = await exited;
    return { childPid: child.pid ?? -1, childEvents, exitSignal };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
    detach?.();
  }
}
