import type { ThreadSizeSummary, ThreadSizeSummaryOptions } from "@checkpointkit/core";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { SaverEnvironment } from "../savers/saver-factory.js";
import type { ScenarioReport } from "./scenario-report.js";

/** Checkpoints each thread's growth is shown over. */
const LAST_N = 5;
/** Channels named per thread. */
const SHOWN_CHANNELS = 3;

type SizedSaver = BaseCheckpointSaver & {
  threadSizeSummary(
    threadId: string,
    options?: ThreadSizeSummaryOptions,
  ): Promise<ThreadSizeSummary>;
};

function canSummarize(saver: BaseCheckpointSaver): saver is SizedSaver {
  return typeof (saver as Partial<SizedSaver>).threadSizeSummary === "function";
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

function summaryLine(scenarioId: string, summary: ThreadSizeSummary): string {
  const scope =
    summary.scope === "thread"
      ? `${summary.checkpointCount} checkpoints`
      : `its last ${summary.checkpointCount} checkpoints`;
  const channels = summary.largestChannels
    .slice(0, SHOWN_CHANNELS)
    .map((size) => `${size.channel} ${kilobytes(size.storedBytes)}`)
    .join(", ");
  const growth = `${summary.growthBytes >= 0 ? "+" : "-"}${kilobytes(Math.abs(summary.growthBytes))}`;
  return `  ${scenarioId}: ${kilobytes(summary.totalBytes)} in ${scope}; largest channels: ${channels || "none"}; growth over the last ${summary.recentCheckpoints.length}: ${growth}`;
}

/**
 * The stored size of each scenario's thread (`threadSizeSummary` of the saver the run used),
 * as lines for the text report. Reporting only: a saver without a summary, or a failing one,
 * is said so and never fails the run.
 */
export async function sizeSummaryLines(
  environment: SaverEnvironment,
  reports: readonly ScenarioReport[],
): Promise<string[]> {
  const threads = reports.flatMap((report) =>
    typeof report.facts.threadId === "string"
      ? [{ scenarioId: report.id, threadId: report.facts.threadId }]
      : [],
  );
  if (threads.length === 0) return [];
  const opened = await environment.open();
  try {
    const saver = opened.checkpointer;
    if (!canSummarize(saver)) return ["state size: this saver offers no threadSizeSummary"];
    const lines = ["state size (threadSizeSummary, stored bytes after compression):"];
    for (const { scenarioId, threadId } of threads) {
      lines.push(
        summaryLine(scenarioId, await saver.threadSizeSummary(threadId, { lastN: LAST_N })),
      );
    }
    return lines;
  } catch (error) {
    return [`state size: unavailable (${error instanceof Error ? error.name : String(error)})`];
  } finally {
    await opened.close();
  }
}
