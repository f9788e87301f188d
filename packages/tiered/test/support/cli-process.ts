import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

/** The `checkpointkit-flusher` CLI run from source, with its output collected. */
export interface CliProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null when ended by a signal). */
  readonly exited: Promise<number | null>;
  /** Resolves once stderr holds a line matching `pattern`. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

export function startCli(args: string[]): CliProcess {
  const child = spawn(process.execPath, ["--import", "tsx", join("src", "cli.ts"), ...args], {
    cwd: join(__dirname, "..", ".."),
    env: { ...process.env, TSX_TSCONFIG_PATH: join("test", "workers", "tsconfig.json") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async waitForStderr(pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(stderr)) {
        if (child.exitCode !== null) {
          throw new Error(`CLI exited with ${child.exitCode} before ${pattern}; stderr: ${stderr}`);
        }
        if (Date.now() > deadline) throw new Error(`no ${pattern} on CLI stderr: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}
