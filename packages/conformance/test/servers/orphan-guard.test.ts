import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnOrphanWatchdog } from "../../src/servers/orphan-guard.js";
import { waitUntil } from "../../src/servers/wait-until.js";
import { pathExists, processExists } from "./process-probes.js";

describe("orphan watchdog", () => {
  it("kills a server's process group and deletes its directory once its starter is SIGKILLed", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "checkpointkit-watchdog-test-"));
    const parent = spawn("sleep", ["30"], { stdio: "ignore" });
    const server = spawn("sleep", ["30"], { stdio: "ignore", detached: true });
    const serverPid = server.pid!;
    const serverExit = new Promise<NodeJS.Signals | null>((resolve) =>
      server.once("exit", (_code, signal) => resolve(signal)),
    );
    try {
      spawnOrphanWatchdog(parent.pid!, serverPid, dataDir);
      parent.kill("SIGKILL");
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve("still running after 5 s"), 5_000);
      });
      expect(await Promise.race([serverExit, timeout])).toBe("SIGKILL");
      clearTimeout(timer);
      expect(processExists(serverPid)).toBe(false);
      await waitUntil("data directory to be deleted", async () => !(await pathExists(dataDir)), {
        timeoutMs: 5_000,
      });
    } finally {
      parent.kill("SIGKILL");
      server.kill("SIGKILL");
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("leaves the server and its directory alone while its starter lives", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "checkpointkit-watchdog-test-"));
    const server = spawn("sleep", ["30"], { stdio: "ignore", detached: true });
    const serverPid = server.pid!;
    try {
      spawnOrphanWatchdog(process.pid, serverPid, dataDir);
      // The watchdog checks every second: after two checks the server must still be running.
      await expect(
        waitUntil("server to be killed", async () => !processExists(serverPid), {
          timeoutMs: 2_500,
        }),
      ).rejects.toThrow(/not ready/);
      expect(await pathExists(dataDir)).toBe(true);
    } finally {
      server.kill("SIGKILL");
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
