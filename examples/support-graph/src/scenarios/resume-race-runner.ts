import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import type { RefundApproval } from "../nodes/refund-approval.js";
import type { SaverEnvironment, SaverFactory } from "../savers/saver-factory.js";
import type { ActivityEvent } from "../services/activity-log.js";
import {
  isResumeRaceWorkerMessage,
  type RefusalReport,
  type ResumeRaceMode,
  type ResumeRaceParentMessage,
  type ResumeRaceWorkerMessage,
} from "./resume-race-protocol.js";

export interface ResumeRaceOptions {
  saverFactory: SaverFactory;
  environment: SaverEnvironment;
  mode: ResumeRaceMode;
  /** A thread paused in policy's `interrupt()`, waiting for the approval. */
  threadId: string;
  approval: RefundApproval;
  /** Shared by both workers and whoever counts the refunds afterwards. */
  refundStoreDirectory: string;
  /** @default 30000 */
  leaseTtlMs?: number;
  /** Give up when the race has not ended by then. @default 90000 */
  timeoutMs?: number;
}

/** One worker's side of the race. */
export interface ResumeRaceWorkerResult {
  workerName: string;
  pid: number;
  /** Where it was held before `race-proceed`, if it got that far. */
  heldAt?: "lease-acquired" | "policy-started";
  /** It resumed the thread; `events` is what its nodes and services did. */
  finished?: { refundId: string | undefined; events: ActivityEvent[] };
  /** It was refused with `CheckpointConflictError` before running anything. */
  refused?: RefusalReport;
}

const WORKER_NAMES = ["worker-a", "worker-b"] as const;

/** Collects one worker's messages; `settled` resolves once it has finished or been refused. */
class WorkerHandle {
  readonly result: ResumeRaceWorkerResult;
  readonly ready: Promise<void>;
  /** Held at its checkpoint, or already finished or refused: the parent may let it go on. */
  readonly reachedHold: Promise<void>;
  readonly settled: Promise<ResumeRaceWorkerResult>;
  private readonly output: string[] = [];

  constructor(
    readonly child: ChildProcess,
    workerName: string,
  ) {
    this.result = { workerName, pid: child.pid ?? -1 };
    child.stdout?.on("data", (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => this.output.push(chunk.toString()));
    let markReady: () => void = () => {};
    let markHold: () => void = () => {};
    this.ready = new Promise((resolve) => {
      markReady = resolve;
    });
    this.reachedHold = new Promise((resolve) => {
      markHold = resolve;
    });
    this.settled = new Promise((resolve, reject) => {
      child.on("message", (message) => {
        if (!isResumeRaceWorkerMessage(message)) return;
        this.apply(message, { markReady, markHold, resolve, reject });
      });
      child.once("exit", (code, signal) =>
        reject(
          new Error(
            `${workerName} exited (code ${code}, signal ${signal}) without an outcome: ${this.output.join("")}`,
          ),
        ),
      );
    });
    // Whoever awaits these sees the rejection through `settled`; never unhandled here.
    this.ready.catch(() => {});
    this.settled.catch(() => {});
  }

  private apply(
    message: ResumeRaceWorkerMessage,
    on: {
      markReady(): void;
      markHold(): void;
      resolve(result: ResumeRaceWorkerResult): void;
      reject(error: Error): void;
    },
  ): void {
    if (message.channel === "race-ready") on.markReady();
    if (message.channel === "race-held") {
      this.result.heldAt = message.reason;
      on.markHold();
    }
    if (message.channel === "race-finished") {
      this.result.finished = { refundId: message.refundId, events: message.events };
      on.markHold();
      on.resolve(this.result);
    }
    if (message.channel === "race-refused") {
      this.result.refused = message.refusal;
      on.markHold();
      on.resolve(this.result);
    }
    if (message.channel === "race-failed") {
      on.reject(new Error(`${this.result.workerName} failed: ${message.errorMessage}`));
    }
  }

  send(message: ResumeRaceParentMessage): void {
    if (this.child.connected) this.child.send(message);
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Forks two workers on the same storage and lets them resume the same paused thread at the
 * same moment. Both are released by one `race-go`; each is then held where it has committed
 * to run (its lease acquired, or — without leases — policy started) until both got there or
 * were refused, so the outcome does not depend on which process the scheduler favours.
 */
export async function runResumeRace(options: ResumeRaceOptions): Promise<ResumeRaceWorkerResult[]> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const workers = WORKER_NAMES.map((workerName) => {
    const child = fork(join(__dirname, "resume-race-worker.ts"), [], {
      execArgv: ["--import", require.resolve("tsx")],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    return { handle: new WorkerHandle(child, workerName), workerName };
  });
  const detachers = workers.map(({ handle }) =>
    options.environment.attachChildProcess?.(handle.child),
  );
  try {
    for (const { handle, workerName } of workers) {
      handle.send({
        channel: "race-start",
        mode: options.mode,
        workerName,
        saverName: options.saverFactory.name,
        connection: options.environment.childConnection,
        threadId: options.threadId,
        approval: options.approval,
        refundStoreDirectory: options.refundStoreDirectory,
        leaseTtlMs: options.leaseTtlMs ?? 30_000,
      });
    }
    // Rejects with the first worker that fails or exits without an outcome; never resolves.
    const firstFailure = Promise.race(
      workers.map(({ handle }) => handle.settled.then(() => new Promise<never>(() => {}))),
    );
    const all = (pick: (handle: WorkerHandle) => Promise<unknown>) =>
      Promise.race([Promise.all(workers.map(({ handle }) => pick(handle))), firstFailure]);
    await withTimeout(
      all((handle) => handle.ready),
      timeoutMs,
      "the workers were not ready",
    );
    for (const { handle } of workers) handle.send({ channel: "race-go" });
    await withTimeout(
      all((handle) => handle.reachedHold),
      timeoutMs,
      "the workers did not reach their hold point",
    );
    for (const { handle } of workers) handle.send({ channel: "race-proceed" });
    return await withTimeout(
      Promise.all(workers.map(({ handle }) => handle.settled)),
      timeoutMs,
      "the race did not end",
    );
  } finally {
    for (const { handle } of workers) {
      const child = handle.child;
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGKILL");
        await exited;
      }
    }
    for (const detach of detachers) detach?.();
  }
}
