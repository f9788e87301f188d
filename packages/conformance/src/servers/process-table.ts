import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/**
 * The pids whose parent is `parentPid`. Read from /proc on Linux; `pgrep -P` elsewhere.
 * Used to reach PostgreSQL's backends, which leave the postmaster's process group.
 */
export function childPidsOf(parentPid: number): number[] {
  if (process.platform === "linux") {
    return readdirSync("/proc")
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number)
      .filter((pid) => procStat(pid)?.parentPid === parentPid);
  }
  try {
    return execFileSync("pgrep", ["-P", String(parentPid)], { encoding: "utf8" })
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matched.
  }
}

/**
 * True when `pid` no longer runs. A zombie counts as gone: once its parent died, reaping it
 * is up to PID 1, which in some containers never does.
 */
export function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
  return process.platform === "linux" && procStat(pid)?.state === "Z";
}

function procStat(pid: number): { state: string; parentPid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may itself contain spaces or parentheses.
    const [state, parentPid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return state === undefined ? undefined : { state, parentPid: Number(parentPid) };
  } catch {
    return undefined;
  }
}
