import type { CliStreams } from "../../src/cli/run-cli.js";

export interface CapturedStreams extends CliStreams {
  output(): string;
}

/** stdout and stderr for an in-process `runCli`, recorded together. */
export function captureStreams(env: NodeJS.ProcessEnv = {}, isTTY = false): CapturedStreams {
  let text = "";
  const stream = {
    isTTY,
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
  };
  return { stdout: stream, stderr: stream, env, output: () => text };
}
