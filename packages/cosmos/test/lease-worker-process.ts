import type { ChildProcess } from "node:child_process";
import type { LeaseWorkerReply, LeaseWorkerRequest } from "@checkpointkit/conformance";

type RequestBody = LeaseWorkerRequest extends infer R
  ? R extends LeaseWorkerRequest
    ? Omit<R, "id">
    : never
  : never;

/** What a worker sends once its saver is ready (conformance's serveLeaseWorker). */
const READY = "lease-worker-ready";

/**
 * This package's side of a conformance lease worker process, for a race whose checks differ
 * from the conformance spec's (conformance keeps its own client internal). Requests are sent
 * at once and answered whenever the worker runs: a stopped worker answers once continued.
 */
export class LeaseWorkerProcess {
  readonly #replies = new Map<number, (reply: LeaseWorkerReply) => void>();
  readonly ready: Promise<void>;
  #nextId = 1;

  constructor(private readonly child: ChildProcess) {
    this.ready = new Promise((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`lease worker exited with ${code}`)));
      child.on("message", (message: LeaseWorkerReply | string) => {
        if (message === READY) resolve();
        if (typeof message === "string") return;
        this.#replies.get(message.id)?.(message);
        this.#replies.delete(message.id);
      });
    });
    this.ready.catch(() => {});
  }

  request(body: RequestBody): Promise<LeaseWorkerReply> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#replies.set(id, resolve);
      this.child.send({ ...body, id });
    });
  }

  stop(): void {
    this.child.kill("SIGSTOP");
  }

  resume(): void {
    this.child.kill("SIGCONT");
  }

  /** Continued first, so a stopped worker can die. */
  async end(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGCONT");
    this.child.kill("SIGKILL");
    await exited;
  }
}
