import type { MigrationSummary } from "../migrate-threads-options.js";

/** The one line printed on stdout at the end of a run. */
export function summaryLine(summary: MigrationSummary): string {
  const unchanged = `${summary.threadsUnchanged} already in the target`;
  const skipped = `${summary.threadsSkipped} completed by an earlier run`;
  if (summary.dryRun) {
    return `dry run: ${summary.threadsTotal} threads; ${summary.threadsCopied} to copy (${summary.checkpointsCopied} checkpoints, ${summary.writesCopied} pending writes), ${unchanged}, ${skipped}; nothing written\n`;
  }
  return `migrated ${summary.threadsTotal} threads: ${summary.threadsCopied} copied (${summary.checkpointsCopied} checkpoints, ${summary.writesCopied} pending writes), ${unchanged}, ${skipped}; every thread verified\n`;
}
