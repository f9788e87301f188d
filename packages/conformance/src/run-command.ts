import { spawn } from "node:child_process";

export interface RunCommandOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Past this the command's whole process group is SIGKILLed and `timedOut` is true. */
  timeoutMs: number;
}

export interface CommandResult {
  /** The file and its arguments, joined by spaces: for messages. */
  command: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to its end and collects its output. It leads its own process group, so one
 * that never ends (npm's children, a program holding a client open) is killed with anything it
 * started.
 */
export function runCommand(
  file: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<CommandResult> {
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    }, options.timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (exitCode, signal) => {
      clearTimeout(timer);
      resolve({
        command: [file, ...args].join(" "),
        exitCode,
        signal,
        timedOut,
        durationMs: Date.now() - startedAt,
        stdout,
        stderr,
      });
    });
  });
}

/** Throws with the command's output unless it exited 0 on its own within its time. */
export function expectSuccess(result: CommandResult): CommandResult {
  if (result.exitCode === 0 && !result.timedOut) return result;
  const how = result.timedOut
    ? `did not end within its time and was killed after ${result.durationMs} ms`
    : `ended with exit code ${result.exitCode}, signal ${result.signal}`;
  throw new Error(
    `${result.command} ${how}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
  );
}
