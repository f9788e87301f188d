import { readListThreadsOptions, type ThreadListPage } from "@checkpointkit/core";
import type { SchemaName } from "./schema-name.js";
import { buildThreadListStatement, type ThreadListRow } from "./sql/thread-list-statement.js";
import type { StatementRunner } from "./statement-runner.js";
import { fromStoredText, toStoredText } from "./stored-text.js";
import { decodeThreadListCursor, encodeThreadListCursor } from "./thread-list-cursor.js";

/**
 * Most thread summaries one page with a `threadIdPrefix` examines: a prefix matching few
 * threads pages through the others this many at a time (a page may then hold fewer threads
 * than its limit, even none, with a cursor to go on), so no page reads the whole table.
 */
export const PREFIX_SCAN_ROWS = 2_000;

function positionOf(row: ThreadListRow): string {
  return encodeThreadListCursor({ updatedAt: row.updated_utc, threadKey: row.thread_key });
}

/**
 * `listThreads` of the PostgreSQL saver: one statement per page over `thread_summaries`
 * (see `buildThreadListStatement`). Options and cursor are checked before anything is sent.
 */
export async function postgresListThreads(
  schema: SchemaName,
  runner: StatementRunner,
  options: unknown,
): Promise<ThreadListPage> {
  const { limit, threadIdPrefix, cursor } = readListThreadsOptions(options);
  const after = cursor === undefined ? undefined : decodeThreadListCursor(cursor);
  const examineRows = threadIdPrefix === "" ? limit + 1 : Math.max(limit + 1, PREFIX_SCAN_ROWS);
  const rows = await runner.run<ThreadListRow>(
    "listThreads",
    buildThreadListStatement(schema, {
      threadIdPrefix: toStoredText(threadIdPrefix),
      after,
      examineRows,
      returnRows: limit + 1,
    }),
  );
  const matching = rows.filter((row) => row.kind === "thread");
  const last = rows.find((row) => row.kind === "last");
  const listed = matching.slice(0, limit);
  let nextCursor: string | null = null;
  if (matching.length > limit) {
    nextCursor = positionOf(listed[limit - 1] as ThreadListRow);
  } else if (last !== undefined && Number(last.examined) >= examineRows) {
    nextCursor = positionOf(last);
  }
  return {
    threads: listed.map((row) => ({
      threadId: fromStoredText(row.thread_id),
      checkpointCount: Number(row.checkpoint_count),
      storedBytes: Number(row.stored_bytes),
      updatedAt: new Date(Date.parse(row.updated_utc)).toISOString(),
    })),
    nextCursor,
  };
}
