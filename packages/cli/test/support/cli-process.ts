import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

const PACKAGE_DIR = join(__dirname, "..", "..");

/** The CLI from source, as a child process of its own (tsx compiles it on the fly). */
export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: PACKAGE_DIR,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
}

export interface CliRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI to its end, collecting its output. `onStderrLine` sees each line as it
 * arrives and may kill the child.
 */
export function runCliProcess(
  args: readonly string[],
  onStderrLine?: (line: string, child: ChildProcess) => void,
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  const child = spawnCli(args, env);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  createInterface({ input: child.stderr! }).on("line", (line) => {
    stderr += `${line}\n`;
    onStderrLine?.(line, child);
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (exitCode, signal) => resolve({ exitCode, signal, stdout, stderr }));
  });
}
