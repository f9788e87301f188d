import type { runBrowseCli } from "../../src/index.js";

/** `checkpointkit-browse` run in-process until `stop()`, with what it printed. */
export interface ServedByCli {
  url: string;
  stdout(): string;
  stderr(): string;
  /** Stops the page; resolves to the exit code. */
  stop(): Promise<number>;
}

export function capturedStream() {
  let text = "";
  return { write: (chunk: string) => (text += chunk), text: () => text };
}

/** Starts the CLI with `argv` and waits until it listens (or fails: then it throws). */
export async function servedByCli(
  run: typeof runBrowseCli,
  argv: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<ServedByCli> {
  const stdout = capturedStream();
  const stderr = capturedStream();
  const abort = new AbortController();
  let url = "";
  let exitCode: number | undefined;
  const exited = run(argv, {
    stdout,
    stderr,
    env,
    signal: abort.signal,
    onListening: (listening) => {
      url = listening;
    },
  }).then((code) => {
    exitCode = code;
    return code;
  });
  for (let attempt = 0; attempt < 400 && url === "" && exitCode === undefined; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (url === "") {
    abort.abort();
    await exited;
    throw new Error(`the CLI did not start listening (exit ${exitCode}): ${stderr.text()}`);
  }
  return {
    url,
    stdout: stdout.text,
    stderr: stderr.text,
    stop: () => {
      abort.abort();
      return exited;
    },
  };
}
