import type { ChildProcess } from "node:child_process";
import {
  LEASE_WORKER_READY,
  type LeaseWorkerReply,
  type LeaseWorkerRequest,
} from "./lease-worker-protocol.js";

type RequestBody = LeaseWorkerRequest extends infer R
  ? R extends LeaseWorkerRequest
    ? Omit<R, "id">
    : never
  : never;

const REPLY_DEADLINE_MS = 30_000;

/** The spec's side of one worker process: requests with a deadline, and SIGSTOP/SIGCONT. */
export class LeaseWorker {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, (reply: LeaseWorkerReply) => void>();
  readonly #ready: Promise<void>;
  #nextId = 1;

  constructor(child: ChildProcess) {
    this.#child = child;
    this.#ready = new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error("lease worker did not start")),
        REPLY_DEADLINE_MS,
      );
      child.once("exit", (code) => reject(new Error(`lease worker exited with ${code}`)));
      child.on("message", (message: LeaseWorkerReply | string) => {
        if (message === LEASE_WORKER_READY) {
          clearTimeout(timer);
          resolve();
          return;
        }
        if (typeof message === "string") return;
        this.#pending.get(message.id)?.(message);
        this.#pending.delete(message.id);
      });
    });
    this.#ready.catch(() => {});
    child.on("error", () => {});
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  /** Sends now; the reply may come much later (the worker may be stopped). */
  request(body: RequestBody): Promise<LeaseWorkerReply> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`lease worker gave no reply to ${body.op} in ${REPLY_DEADLINE_MS} ms`));
      }, REPLY_DEADLINE_MS);
      this.#pending.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.#child.send({ ...body, id });
    });
  }

  stop(): void {
    this.#child.kill("SIGSTOP");
  }

  resume(): void {
    this.#child.kill("SIGCONT");
  }

  /** Ends the process (continued first, so a stopped one can die). */
  async end(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once("exit", resolve));
    this.#child.kill("SIGCONT");
    this.#child.kill("SIGKILL");
    await exited;
  }
}
