import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

/** A running PGlite-with-pgvector server (see store-pgvector-server.mjs). */
export interface PgliteServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts the server in a child process and resolves once it listens. */
export async function startPgliteServer(): Promise<PgliteServer> {
  const script = path.join(__dirname, "..", "store-pgvector-server.mjs");
  const child: ChildProcess = spawn(process.execPath, [script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const port = /READY (\d+)/.exec(output)?.[1];
      if (port !== undefined) resolve(`postgres://postgres@127.0.0.1:${port}/postgres`);
    });
    child.once("exit", (code) => reject(new Error(`the PGlite server exited with ${code}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
