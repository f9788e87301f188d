import { type ChildProcess, fork } from "node:child_process";

/**
 * Forks a backend's lease worker script (TypeScript, run from source through tsx) with an
 * IPC channel, handing it `settings` as JSON in LEASE_WORKER. The process starts in this
 * package's directory, where tsx is installed, so a backend package needs no tsx of its own.
 */
export function forkLeaseWorker(
  scriptPath: string,
  settings: Record<string, unknown>,
  /** More environment for the worker only (e.g. NODE_TLS_REJECT_UNAUTHORIZED for a local Cosmos). */
  environment: Record<string, string> = {},
): ChildProcess {
  return fork(scriptPath, [], {
    cwd: __dirname,
    execArgv: ["--import", "tsx"],
    env: { ...process.env, ...environment, LEASE_WORKER: JSON.stringify(settings) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}
