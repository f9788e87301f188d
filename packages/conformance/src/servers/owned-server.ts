import { mkdir, rm } from "node:fs/promises";
import { releaseDataDir } from "./orphan-guard.js";
import { processIsGone } from "./process-table.js";
import { ServerProcess, type ServerProcessSpec } from "./server-process.js";
import type { OwnedTestServer } from "./test-server.js";
import { waitUntil } from "./wait-until.js";

/** Everything `OwnedServer` needs to know about one kind of server. */
export interface OwnedServerDefinition {
  readonly displayName: string;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly url: string;
  /** Readies the data directory before every start (create it, initialise it, clear stale locks). */
  prepareDataDir(): Promise<void>;
  /** The command line of one run of the server. */
  processSpec(): Omit<ServerProcessSpec, "dataDir">;
  /** True once the server answers on its port. */
  isReady(): Promise<boolean>;
  /** True once nothing answers on the port any more. */
  isPortClosed(): Promise<boolean>;
  /**
   * Processes of the server outside its process group that a `kill()` must take down too
   * (PostgreSQL's backends each call setsid). Asked just before the SIGKILL.
   * @default none
   */
  helperPids?(serverPid: number): number[];
  /** The signal that asks the server for a clean, durable shutdown. */
  readonly gracefulStopSignal: NodeJS.Signals;
  readonly startTimeoutMs: number;
}

/** How long a graceful stop may take before the server is killed. */
const GRACEFUL_STOP_MS = 10_000;
/** How long the port may stay open after the process exited (it normally closes at once). */
const PORT_CLOSE_TIMEOUT_MS = 5_000;

/**
 * A server process this package started and controls: kill it, restart it on the same port
 * and data directory, stop it and delete its data. Shared by the Redis and Postgres starters.
 */
export class OwnedServer implements OwnedTestServer {
  readonly external = false as const;
  readonly #definition: OwnedServerDefinition;
  #process: ServerProcess | undefined;
  #stopped = false;

  constructor(definition: OwnedServerDefinition) {
    this.#definition = definition;
  }

  get url(): string {
    return this.#definition.url;
  }
  get host(): string {
    return this.#definition.host;
  }
  get port(): number {
    return this.#definition.port;
  }
  get dataDir(): string {
    return this.#definition.dataDir;
  }
  /** The pid of the current run; after `kill()` it still names the process that was killed. */
  get pid(): number {
    return this.#process?.pid ?? -1;
  }

  /** Spawns the server and waits until it is ready; kills it again when it never gets there. */
  async start(): Promise<void> {
    const definition = this.#definition;
    this.#stopped = false;
    await mkdir(definition.dataDir, { recursive: true });
    await definition.prepareDataDir();
    const serverProcess = new ServerProcess({
      ...definition.processSpec(),
      dataDir: definition.dataDir,
    });
    this.#process = serverProcess;
    try {
      await waitUntil(
        `${definition.displayName} on ${definition.host}:${definition.port}`,
        () => definition.isReady(),
        {
          timeoutMs: definition.startTimeoutMs,
          abortReason: () => serverProcess.exitDescription,
        },
      );
    } catch (error) {
      await serverProcess.killHard();
      const log = serverProcess.logTail.trim();
      throw new Error(
        `${(error as Error).message}${log === "" ? "" : `\nServer output:\n${log}`}`,
        {
          cause: error,
        },
      );
    }
  }

  async kill(): Promise<void> {
    const serverProcess = this.#process;
    if (serverProcess?.pid === undefined) return;
    const helpers = serverProcess.exitDescription
      ? []
      : (this.#definition.helperPids?.(serverProcess.pid) ?? []);
    // The server first, so it cannot start replacements for helpers killed before it.
    await serverProcess.killHard();
    for (const helper of helpers) killProcessGroup(helper);
    await waitUntil(
      `${this.#definition.displayName} helper processes to exit`,
      async () => helpers.every(processIsGone),
      { timeoutMs: PORT_CLOSE_TIMEOUT_MS },
    );
    await this.#waitForPortClosed();
  }

  async restart(): Promise<void> {
    if (this.#process?.exitDescription === undefined) await this.#shutDown();
    await this.start();
  }

  async stop(): Promise<void> {
    if (!this.#stopped) {
      this.#stopped = true;
      await this.#shutDown();
    }
    await rm(this.#definition.dataDir, { recursive: true, force: true });
    releaseDataDir(this.#definition.dataDir);
  }

  /** True while the current run is alive. */
  get running(): boolean {
    return this.#process !== undefined && this.#process.exitDescription === undefined;
  }

  async #shutDown(): Promise<void> {
    await this.#process?.shutDown(this.#definition.gracefulStopSignal, GRACEFUL_STOP_MS);
    await this.#waitForPortClosed();
  }

  async #waitForPortClosed(): Promise<void> {
    await waitUntil(
      `${this.#definition.displayName} port ${this.#definition.port} to close`,
      () => this.#definition.isPortClosed(),
      { timeoutMs: PORT_CLOSE_TIMEOUT_MS },
    );
  }
}

/** SIGKILL to the group a helper leads (it may have children of its own), else to the helper. */
function killProcessGroup(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, "SIGKILL");
      return;
    } catch {
      // Not a group leader, or already gone.
    }
  }
}
