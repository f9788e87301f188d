import { readThreadTotalsIds, type ThreadListing } from "@checkpointkit/core";
import type { SchemaName } from "./schema-name.js";
import { buildThreadTotalsStatement, type ThreadTotalsRow } from "./sql/thread-totals-statement.js";
import type { StatementRunner } from "./statement-runner.js";
import { fromStoredText, toStoredText } from "./stored-text.js";

/**
 * `threadTotals` of the PostgreSQL saver: the `thread_summaries` rows of these threads, as
 * `listThreads` lists them, in one statement (none for no ids). Ids are checked before
 * anything is sent; threads without checkpoints are left out.
 */
export async function postgresThreadTotals(
  schema: SchemaName,
  runner: StatementRunner,
  threadIds: unknown,
): Promise<Map<string, ThreadListing>> {
  const ids = readThreadTotalsIds(threadIds);
  const totals = new Map<string, ThreadListing>();
  if (ids.length === 0) return totals;
  const rows = await runner.run<ThreadTotalsRow>(
    "threadTotals",
    buildThreadTotalsStatement(schema, ids.map(toStoredText)),
  );
  for (const row of rows) {
    const threadId = fromStoredText(row.thread_id);
    totals.set(threadId, {
      threadId,
      checkpointCount: Number(row.checkpoint_count),
      storedBytes: Number(row.stored_bytes),
      updatedAt: new Date(Date.parse(row.updated_utc)).toISOString(),
    });
  }
  return totals;
}
