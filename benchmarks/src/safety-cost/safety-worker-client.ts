import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { withTimeout } from "../measure/deadline.js";
import type { SafetyWorkerKind } from "./safety-variants.js";
import type { WorkerReply, WorkerRequest } from "./worker-protocol.js";

const WORKER_ENTRY = fileURLToPath(new URL("./safety-worker.ts", import.meta.url));
const HIDE_OPENTELEMETRY = fileURLToPath(new URL("./hide-opentelemetry.cjs", import.meta.url));
const DISPOSE_TIMEOUT_MS = 30_000;
const EXIT_TIMEOUT_MS = 10_000;

type Answer = Extract<WorkerReply, { ok: true }>;

/** The section's side of one worker process: one request in flight at a time. */
export class SafetyWorker {
  readonly #child: ChildProcess;
  #pending: { resolve(reply: WorkerReply): void; reject(error: Error): void } | undefined;
  #exited: Promise<void>;
  #exitReason: string | undefined;

  constructor(readonly kind: SafetyWorkerKind) {
    const hide = kind === "opentelemetry-not-installed" ? ["--require", HIDE_OPENTELEMETRY] : [];
    this.#child = fork(WORKER_ENTRY, [kind], {
      execArgv: ["--expose-gc", ...hide, "--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.#child.on("message", (reply: WorkerReply) => {
      const pending = this.#pending;
      this.#pending = undefined;
      pending?.resolve(reply);
    });
    this.#exited = new Promise((resolve) => {
      this.#child.once("exit", (code, signal) => {
        this.#exitReason = `the ${kind} worker exited (${signal ?? `code ${code}`})`;
        this.#pending?.reject(new Error(this.#exitReason));
        this.#pending = undefined;
        resolve();
      });
      this.#child.once("error", (error) => {
        this.#exitReason = `the ${kind} worker failed: ${error.message}`;
        this.#pending?.reject(error);
        this.#pending = undefined;
        resolve();
      });
    });
  }

  /** Sends one request and waits for its answer; a failure the worker reports is thrown. */
  async request<K extends WorkerRequest["kind"]>(
    request: Extract<WorkerRequest, { kind: K }>,
    timeoutMs: number,
  ): Promise<Extract<Answer, { kind: K }>> {
    if (this.#exitReason !== undefined) throw new Error(this.#exitReason);
    if (this.#pending !== undefined) throw new Error("a request is already in flight");
    const answered = new Promise<WorkerReply>((resolve, reject) => {
      this.#pending = { resolve, reject };
    });
    this.#child.send(request);
    let reply: WorkerReply;
    try {
      reply = await withTimeout(`${this.kind} worker ${request.kind}`, timeoutMs, answered);
    } catch (error) {
      // A worker that does not answer in time is not asked again.
      this.#child.kill("SIGKILL");
      throw error;
    }
    if (!reply.ok) throw new Error(reply.error);
    if (reply.kind !== request.kind) throw new Error(`answer ${reply.kind} to ${request.kind}`);
    return reply as Extract<Answer, { kind: K }>;
  }

  /** Lets the worker remove its storage and leave; kills it if it does not. */
  async stop(): Promise<void> {
    if (this.#exitReason === undefined) {
      await this.request({ kind: "dispose" }, DISPOSE_TIMEOUT_MS).catch(() => {});
      if (this.#child.connected) this.#child.disconnect();
    }
    const exitedInTime = await withTimeout("worker exit", EXIT_TIMEOUT_MS, this.#exited).then(
      () => true,
      () => false,
    );
    if (!exitedInTime) this.#child.kill("SIGKILL");
  }
}
