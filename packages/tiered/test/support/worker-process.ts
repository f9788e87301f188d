import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

const PACKAGE_ROOT = join(__dirname, "..", "..");

/** A worker (test/workers/tiered-worker.ts) in a child process, run from source through tsx. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Every stdout line so far. */
  readonly lines: string[];
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal) once the process is gone. */
  readonly exited: Promise<number | null>;
  /** Resolves with the first line matching `pattern` (already seen or yet to come). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGKILL, then waits for the process to be gone. */
  kill(): Promise<void>;
}

/** `script`: a file of test/workers, run with the JSON of `config` in TIERED_WORKER. */
export function startWorker(
  config: Record<string, unknown>,
  script = "tiered-worker.ts",
): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", join("test", "workers", script)], {
    cwd: PACKAGE_ROOT,
    env: {
      ...process.env,
      TIERED_WORKER: JSON.stringify(config),
      TSX_TSCONFIG_PATH: join("test", "workers", "tsconfig.json"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  createInterface({ input: child.stdout! }).on("line", (line) => {
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return {
    child,
    lines,
    exited,
    stderr: () => stderr,
    waitForLine(pattern, timeoutMs = 20_000) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`worker printed no line matching ${pattern}; stderr: ${stderr}`)),
          timeoutMs,
        );
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`worker exited before printing ${pattern}; stderr: ${stderr}`));
        });
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
