import type {
  CheckpointPendingWrite,
  DeltaChannelHistory,
  SerializerProtocol,
} from "@langchain/langgraph-checkpoint";
import type { DeltaHistoryRow } from "./sql/delta-history-statement.js";
import { fromStoredText } from "./stored-text.js";
import { loadStoredValue } from "./tuple-decoding.js";

/**
 * Groups the rows of the delta-history query per channel. Rows arrive oldest ancestor
 * first and, within an ancestor, in `writesSortKey` order, which is the order `writes`
 * must have; a channel's seed is the one row of kind `seed` for it (the walk stops
 * wanting a channel at the first ancestor holding its value).
 */
export async function decodeDeltaHistory(
  serde: SerializerProtocol,
  channels: readonly string[],
  rows: readonly DeltaHistoryRow[],
): Promise<Record<string, DeltaChannelHistory>> {
  const result: Record<string, DeltaChannelHistory> = {};
  for (const channel of channels) result[channel] = { writes: [] };
  const values = await Promise.all(
    rows.map((row, index) =>
      loadStoredValue(serde, row.type, row.value, `delta history row ${index} (${row.kind})`),
    ),
  );
  rows.forEach((row, index) => {
    const channel = fromStoredText(row.channel);
    const entry = result[channel];
    if (entry === undefined) return;
    if (row.kind === "seed") {
      entry.seed = values[index];
    } else {
      const write: CheckpointPendingWrite = [
        fromStoredText(row.task_id ?? ""),
        channel,
        values[index],
      ];
      entry.writes.push(write);
    }
  });
  return result;
}
