import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { targetMakesStringVersions, withMigratedVersions } from "./channel-version-rewrite.js";
import type {
  MigrateThreadsOptions,
  MigrationSummary,
  ThreadOutcome,
} from "./migrate-threads-options.js";
import { readThreadTuples } from "./saver-source.js";
import { compareThread } from "./thread-comparison.js";
import { conflictError } from "./thread-conflict.js";
import { copyDifferences, type ThreadCopyCounts } from "./thread-copy.js";

interface ThreadResult extends ThreadCopyCounts {
  outcome: ThreadOutcome;
}

function countWrites(differences: ReturnType<typeof compareThread>): ThreadCopyCounts {
  let checkpoints = 0;
  let writes = 0;
  for (const difference of differences) {
    if (difference.missing) checkpoints += 1;
    for (const task of difference.tasksToWrite) writes += task.writes.length;
  }
  return { checkpoints, writes };
}

async function migrateThread(
  options: MigrateThreadsOptions,
  target: BaseCheckpointSaver,
  rewriteVersions: boolean,
  threadId: string,
): Promise<ThreadResult> {
  const read = await options.source.readThread(threadId);
  const sourceTuples = rewriteVersions ? read.map(withMigratedVersions) : read;
  const differences = compareThread(sourceTuples, await readThreadTuples(target, threadId));
  if (differences.length === 0) return { outcome: "unchanged", checkpoints: 0, writes: 0 };
  // Conflicts are refused before anything is written: the target holds other data there.
  if (differences.some((difference) => difference.conflicts.length > 0)) {
    throw conflictError(threadId, differences);
  }
  if (options.dryRun) return { outcome: "would-copy", ...countWrites(differences) };
  const counts = await copyDifferences(target, threadId, differences);
  const remaining = compareThread(sourceTuples, await readThreadTuples(target, threadId));
  if (remaining.length > 0) throw conflictError(threadId, remaining, "after copying, ");
  return { outcome: "copied", ...counts };
}

/**
 * Copies every thread of `source` into `target`, one thread at a time: reads the thread from
 * both sides, writes only what the target lacks (oldest checkpoint first, then its pending
 * writes), reads the thread back from the target and requires it to equal the source, then
 * records the thread as complete. Running it again writes nothing; after a crash it finishes
 * what is missing. A thread the target holds differently fails with `CheckpointConflictError`
 * naming it, and nothing of that thread is written.
 */
export async function migrateThreads(options: MigrateThreadsOptions): Promise<MigrationSummary> {
  const dryRun = options.dryRun ?? false;
  const rewriteVersions =
    options.rewriteIntegerVersions ?? targetMakesStringVersions(options.target);
  const summary: MigrationSummary = {
    threadsTotal: await options.source.countThreads(),
    threadsCopied: 0,
    threadsUnchanged: 0,
    threadsSkipped: 0,
    checkpointsCopied: 0,
    writesCopied: 0,
    dryRun,
  };
  let threadsDone = 0;
  for await (const threadId of options.source.threadIds()) {
    const result: ThreadResult = options.progress?.isComplete(threadId)
      ? { outcome: "skipped", checkpoints: 0, writes: 0 }
      : await migrateThread(options, options.target, rewriteVersions, threadId);
    if (result.outcome === "skipped") summary.threadsSkipped += 1;
    else if (result.outcome === "unchanged") summary.threadsUnchanged += 1;
    else summary.threadsCopied += 1;
    summary.checkpointsCopied += result.checkpoints;
    summary.writesCopied += result.writes;
    if (!dryRun && result.outcome !== "skipped") await options.progress?.markComplete(threadId);
    threadsDone += 1;
    options.onThread?.({
      threadId,
      ...result,
      threadsDone,
      threadsTotal: Math.max(summary.threadsTotal, threadsDone),
    });
  }
  summary.threadsTotal = threadsDone;
  return summary;
}
