import type { CheckpointMetadata } from "@langchain/langgraph-checkpoint";
import { InvalidConfigError } from "./errors/invalid-config-error.js";

/**
 * How much of a thread a saver keeps.
 * - `"full"`: every checkpoint, with its pending writes: time travel, `list` history, forks.
 * - `"latest"`: only the newest checkpoint per (thread, namespace). The `put` that stores a
 *   checkpoint removes, in the same atomic round trip, the older checkpoints of its
 *   namespace, their pending writes and the channel values the new checkpoint no longer
 *   references. Pending writes sent to a checkpoint that was already superseded are
 *   accepted and dropped (LangGraph may still be sending them while the next checkpoint is
 *   stored); writes to the current checkpoint, or to one not stored yet, are kept.
 */
export type HistoryMode = "full" | "latest";

/** Shared by the options of every saver that offers history modes. */
export interface HistoryOptions {
  /**
   * `"full"` keeps every checkpoint; `"latest"` keeps only the newest per (thread,
   * namespace) and trims the rest inside each `put` (see `HistoryMode`).
   * @default "full"
   */
  history?: HistoryMode;
}

export const DEFAULT_HISTORY_MODE: HistoryMode = "full";

const HISTORY_MODES: readonly HistoryMode[] = ["full", "latest"];

/** The history mode of `options`, default applied; `InvalidConfigError` for anything else. */
export function readHistoryMode(options: HistoryOptions): HistoryMode {
  const { history } = options;
  if (history === undefined) return DEFAULT_HISTORY_MODE;
  if (!HISTORY_MODES.includes(history)) {
    throw new InvalidConfigError(
      `history must be "full" or "latest", got ${typeof history === "string" ? JSON.stringify(history) : typeof history}`,
      { field: "history" },
    );
  }
  return history;
}

/**
 * Refuses, in `"latest"` mode, a checkpoint that LangGraph would rebuild from its ancestors:
 * a `DeltaChannel` updated since its last snapshot (metadata `counters_since_delta_snapshot`
 * with updates) is read back by replaying the writes of older checkpoints, which this mode
 * deletes. Failing loudly beats a channel that silently reads back short; give such channels
 * `snapshotFrequency: 1` or keep `history: "full"`.
 */
export function assertLatestHistoryCanHold(metadata: CheckpointMetadata): void {
  const counters = (metadata as { counters_since_delta_snapshot?: unknown })
    .counters_since_delta_snapshot;
  if (counters === null || typeof counters !== "object") return;
  for (const [channel, value] of Object.entries(counters)) {
    const updates = Array.isArray(value) ? Number(value[0]) : 0;
    if (updates > 0) {
      throw new InvalidConfigError(
        `history "latest" cannot rebuild DeltaChannel ${JSON.stringify(channel)} from deleted ancestors: give it snapshotFrequency: 1 or use history "full"`,
        { field: "history" },
      );
    }
  }
}
