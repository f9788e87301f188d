import {
  DEFAULT_SIZE_SUMMARY_LAST_N,
  type ThreadSizeSummary,
  type ThreadSizeSummaryOptions,
} from "@checkpointkit/core";
import { readThreadIdArgument, requirePositiveInteger } from "@checkpointkit/core/internal";
import type { SchemaName } from "./schema-name.js";
import { buildSizeSummaryStatement } from "./sql/size-summary-statement.js";
import type { StatementRunner } from "./statement-runner.js";
import { fromStoredText, toStoredText } from "./stored-text.js";

interface SummaryRow {
  kind: "total" | "channel" | "checkpoint";
  name: string | null;
  ns: string | null;
  position: string;
  bytes: string;
  checkpoint_count: string | null;
}

/** `threadSizeSummary` of the PostgreSQL saver: one statement, the whole thread's total. */
export async function postgresThreadSizeSummary(
  schema: SchemaName,
  runner: StatementRunner,
  threadId: unknown,
  options: ThreadSizeSummaryOptions = {},
): Promise<ThreadSizeSummary> {
  const id = readThreadIdArgument(threadId, "threadId");
  const lastN = options.lastN ?? DEFAULT_SIZE_SUMMARY_LAST_N;
  requirePositiveInteger(lastN, "lastN");
  const rows = await runner.run<SummaryRow>(
    "threadSizeSummary",
    buildSizeSummaryStatement(schema, toStoredText(id), lastN),
  );
  const total = rows.find((row) => row.kind === "total");
  const recentCheckpoints = rows
    .filter((row) => row.kind === "checkpoint")
    .sort((a, b) => Number(a.position) - Number(b.position))
    .map((row) => ({
      checkpointNs: fromStoredText(row.ns ?? ""),
      checkpointId: fromStoredText(row.name ?? ""),
      storedBytes: Number(row.bytes),
    }));
  const newest = recentCheckpoints[0];
  const oldest = recentCheckpoints.at(-1);
  return {
    threadId: id,
    scope: "thread",
    totalBytes: Number(total?.bytes ?? 0),
    checkpointCount: Number(total?.checkpoint_count ?? 0),
    largestChannels: rows
      .filter((row) => row.kind === "channel")
      .map((row) => ({
        channel: fromStoredText(row.name ?? ""),
        bytes: Number(row.bytes),
        storedBytes: Number(row.bytes),
      })),
    recentCheckpoints,
    growthBytes:
      newest === undefined || oldest === undefined ? 0 : newest.storedBytes - oldest.storedBytes,
  };
}
