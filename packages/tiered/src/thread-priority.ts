import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";

/**
 * Gives the calling thread (not the process) the Linux nice value `nice`, so under CPU
 * contention the scheduler serves the application's threads first. Linux keeps nice values
 * per thread and `/proc/thread-self` names this thread's id. Elsewhere, or where the id
 * cannot be read, nothing changes: the flusher then competes as an equal.
 */
export function lowerThreadPriority(nice: number): void {
  if (process.platform !== "linux" || nice === 0) return;
  try {
    const threadId = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, nice);
  } catch {
    // No /proc, or not permitted: the thread keeps the process's priority.
  }
}
