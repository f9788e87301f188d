import {
  type ChannelSize,
  CorruptCheckpointError,
  DEFAULT_SIZE_SUMMARY_LAST_N,
  decodeStoredSize,
  type StoredCheckpointSize,
  summarizeRecordedSizes,
  type ThreadSizeSummary,
  type ThreadSizeSummaryOptions,
} from "@checkpointkit/core";
import { readThreadIdArgument, requirePositiveInteger } from "@checkpointkit/core/internal";
import type { SchemaName } from "./schema-name.js";
import { buildSizeSummaryStatement, type SizeSummaryRow } from "./sql/size-summary-statement.js";
import type { StatementRunner } from "./statement-runner.js";
import { fromStoredText, toStoredText } from "./stored-text.js";

/** SQLSTATEs of a record SQL could not read: not JSON (22P02), not the record's shape (22023). */
const DAMAGED_RECORD_SQLSTATES = new Set(["22P02", "22023"]);

function hasSqlState(error: unknown, codes: ReadonlySet<string>): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (codes.has(String((current as { code?: unknown }).code))) return true;
  }
  return false;
}

/** A record built from stored names (a checkpoint without one) names channels as stored. */
function withChannelNames(size: StoredCheckpointSize, legacy: boolean): StoredCheckpointSize {
  if (!legacy) return size;
  return {
    ...size,
    channels: size.channels.map((channel) => ({
      ...channel,
      channel: fromStoredText(channel.channel),
    })),
  };
}

function channelSizeOf(row: SizeSummaryRow, threadId: string): ChannelSize {
  let name: unknown;
  try {
    name = JSON.parse(row.text ?? "");
  } catch {
    name = undefined;
  }
  if (typeof name !== "string") {
    throw new CorruptCheckpointError(
      `a stored size record of thread ${JSON.stringify(threadId)} names a channel that is not a string`,
    );
  }
  return {
    channel: row.legacy ? fromStoredText(name) : name,
    bytes: Number(row.bytes),
    storedBytes: Number(row.stored_bytes),
  };
}

/**
 * `threadSizeSummary` of the PostgreSQL saver: scope `thread`, one statement, from the
 * records the puts stored (see `buildSizeSummaryStatement`).
 */
export async function postgresThreadSizeSummary(
  schema: SchemaName,
  runner: StatementRunner,
  threadId: unknown,
  options: ThreadSizeSummaryOptions = {},
): Promise<ThreadSizeSummary> {
  const id = readThreadIdArgument(threadId, "threadId");
  const lastN = options.lastN ?? DEFAULT_SIZE_SUMMARY_LAST_N;
  requirePositiveInteger(lastN, "lastN");
  let rows: SizeSummaryRow[];
  try {
    rows = await runner.run<SizeSummaryRow>(
      "threadSizeSummary",
      buildSizeSummaryStatement(schema, toStoredText(id), lastN),
    );
  } catch (error) {
    if (!hasSqlState(error, DAMAGED_RECORD_SQLSTATES)) throw error;
    throw new CorruptCheckpointError(
      `a stored size record of thread ${JSON.stringify(id)} is damaged`,
      { cause: error },
    );
  }
  const total = rows.find((row) => row.kind === "total");
  const recordOf = (row: SizeSummaryRow) => {
    const checkpointNs = fromStoredText(row.checkpoint_ns ?? "");
    const checkpointId = fromStoredText(row.checkpoint_id ?? "");
    const size = decodeStoredSize(row.text ?? "", { threadId: id, checkpointNs, checkpointId });
    return withChannelNames(size, row.legacy);
  };
  const recent = rows
    .filter((row) => row.kind === "checkpoint")
    .sort((a, b) => Number(a.position) - Number(b.position))
    .map(recordOf);
  const channels = [
    ...rows.filter((row) => row.kind === "channel").map((row) => channelSizeOf(row, id)),
    ...rows.filter((row) => row.kind === "unsummed").flatMap((row) => recordOf(row).channels),
  ];
  return summarizeRecordedSizes({
    threadId: id,
    recent,
    wholeThread: {
      totalBytes: Number(total?.stored_bytes ?? 0),
      checkpointCount: Number(total?.checkpoint_count ?? 0),
      channels,
    },
  });
}
