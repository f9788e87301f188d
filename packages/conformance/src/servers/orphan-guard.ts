import { spawn } from "node:child_process";
import { rmSync } from "node:fs";

/** Server processes (each leading its own process group) this process started that still run. */
const runningPids = new Set<number>();
/** Data directories of servers this process started and has not stopped yet. */
const ownedDataDirs = new Set<string>();
let exitHookInstalled = false;

/**
 * Makes sure a server process never outlives the test run that started it: it is killed (and
 * its data directory deleted) when this process exits normally, and a tiny detached shell
 * watchdog does the same when this process dies without running exit hooks (SIGKILL of a jest
 * worker, a crash).
 */
export function guardAgainstOrphan(serverPid: number, dataDir: string): void {
  runningPids.add(serverPid);
  ownedDataDirs.add(dataDir);
  installExitHook();
  spawnOrphanWatchdog(process.pid, serverPid, dataDir);
}

/**
 * Starts a detached shell that SIGKILLs the process group of `serverPid` and deletes
 * `dataDir` once `parentPid` is gone, and quits on its own when the server exits first.
 */
export function spawnOrphanWatchdog(parentPid: number, serverPid: number, dataDir: string): void {
  const watchdogScript =
    'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done; ' +
    'if ! kill -0 "$1" 2>/dev/null; then kill -KILL "-$2" 2>/dev/null; sleep 1; rm -rf "$3"; fi';
  const watchdog = spawn(
    "sh",
    ["-c", watchdogScript, "checkpointkit-watchdog", String(parentPid), String(serverPid), dataDir],
    { detached: true, stdio: "ignore" },
  );
  watchdog.on("error", () => {
    // Without `sh` the exit hook still covers normal exits; nothing else to do.
  });
  watchdog.unref();
}

/** The server process exited (killed or stopped by us): no process left to kill at exit. */
export function releaseServerProcess(serverPid: number): void {
  runningPids.delete(serverPid);
}

/** The server was stopped and its directory deleted: nothing left to clean up at exit. */
export function releaseDataDir(dataDir: string): void {
  ownedDataDirs.delete(dataDir);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const pid of runningPids) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    for (const dataDir of ownedDataDirs) {
      try {
        rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        // A process that has not died yet may still be writing there; nothing more to do.
      }
    }
  });
}
