import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { guardAgainstOrphan, releaseServerProcess } from "./orphan-guard.js";

/** How much of the server's output is kept to explain a failed start. */
const LOG_TAIL_CHARS = 4000;

/** What to run; `spawnOptions` may set `uid`/`gid` to run the server as another OS user. */
export interface ServerProcessSpec {
  readonly displayName: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Deleted, with the process killed, should the process that started the server die. */
  readonly dataDir: string;
  readonly spawnOptions?: Omit<SpawnOptions, "stdio" | "detached">;
}

/**
 * One run of a server binary as a direct child of this process, so its pid is the server's
 * own. Keeps the tail of its output to explain failures and records how it exited.
 */
export class ServerProcess {
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;
  #logTail = "";
  #exitDescription: string | undefined;

  constructor(spec: ServerProcessSpec) {
    // Its own process group, so a kill reaches the server's helper processes too (Postgres
    // backends) and a Ctrl-C meant for jest does not stop a server jest still has to stop.
    this.#child = spawn(spec.command, [...spec.args], {
      ...spec.spawnOptions,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const appendLog = (chunk: Buffer) => {
      this.#logTail = (this.#logTail + chunk.toString("utf8")).slice(-LOG_TAIL_CHARS);
    };
    this.#child.stdout?.on("data", appendLog);
    this.#child.stderr?.on("data", appendLog);
    this.#exited = new Promise((resolve) => {
      this.#child.once("error", (error) => {
        this.#exitDescription ??= `${spec.displayName} could not be started: ${error.message}`;
        resolve();
      });
      this.#child.once("exit", (code, signal) => {
        this.#exitDescription ??= `${spec.displayName} exited (${signal ?? `code ${code}`})`;
        resolve();
      });
    });
    void this.#exited.then(() => {
      if (this.#child.pid !== undefined) releaseServerProcess(this.#child.pid);
    });
    if (this.#child.pid !== undefined) guardAgainstOrphan(this.#child.pid, spec.dataDir);
  }

  /** Undefined when the spawn itself failed (e.g. binary missing); `exitDescription` says why. */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Set once the process has exited or failed to spawn. */
  get exitDescription(): string | undefined {
    return this.#exitDescription;
  }

  /** The last few kilobytes the server printed, for error messages. */
  get logTail(): string {
    return this.#logTail;
  }

  /** Resolves once the process has exited; returns false when it was still running after `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.#exited.then(() => true as const), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends `signal` to the server process unless it has already exited. */
  signal(signal: NodeJS.Signals): void {
    if (this.#exitDescription === undefined) this.#child.kill(signal);
  }

  /** SIGKILL to the server's whole process group, then waits until the server is gone. */
  async killHard(): Promise<void> {
    const pid = this.#child.pid;
    if (pid !== undefined) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // The group is already empty.
      }
    }
    await this.#exited;
  }

  /** Asks the server to shut down with `signal`; SIGKILL if it has not exited after `graceMs`. */
  async shutDown(signal: NodeJS.Signals, graceMs: number): Promise<void> {
    this.signal(signal);
    if (!(await this.waitForExit(graceMs))) await this.killHard();
  }
}
