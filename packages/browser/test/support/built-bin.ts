import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

/** The built `checkpointkit-browse` (dist/cli.js) as a process of its own. */
export interface BuiltBin {
  url: string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  /** Everything it printed on stdout and stderr so far. */
  output(): string;
}

/** Starts the bin with `argv` and the test's environment plus `env`; resolves once it listens. */
export async function startBuiltBin(argv: string[], env: NodeJS.ProcessEnv): Promise<BuiltBin> {
  const child = spawn(process.execPath, [join(__dirname, "..", "..", "dist", "cli.js"), ...argv], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  let printed = "";
  child.stdout?.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  try {
    const url = await printedUrl(child);
    return {
      url,
      output: () => printed,
      stop: () => {
        child.kill("SIGTERM");
        return exited;
      },
    };
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
}

/** The URL the bin prints on stdout once it listens. */
function printedUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /checkpoint browser: (\S+)/.exec(stdout);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`the bin exited ${code}: ${stderr}`)));
  });
}
