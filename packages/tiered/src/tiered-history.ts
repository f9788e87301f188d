import { type HistoryMode, InvalidConfigError } from "@checkpointkit/core";
import { readHistoryMode } from "@checkpointkit/core/internal";
import type { ColdTier } from "./cold-tier.js";

/**
 * The cold tier's history mode: its saver's `history` (PostgresSaver and CosmosSaver have
 * one, and their cold writers honour it), `"full"` for a saver without the option.
 */
function coldHistoryMode(cold: ColdTier): HistoryMode {
  const { saver } = cold;
  return "history" in saver && saver.history === "latest" ? "latest" : "full";
}

/**
 * The tiered saver's `history`, default applied, refused with `InvalidConfigError` when it is
 * not a mode or when the cold tier's saver keeps another: the flusher writes the cold tier
 * through its saver's own mode, so a `"latest"` hot tier over a `"full"` cold tier would keep
 * a history that reads never show, and the reverse would lose checkpoints the hot tier lists.
 */
export function readTieredHistoryMode(options: {
  history?: HistoryMode;
  cold: ColdTier;
}): HistoryMode {
  const history = readHistoryMode(options);
  const cold = coldHistoryMode(options.cold);
  if (cold !== history) {
    throw new InvalidConfigError(
      `history is "${history}" but the ${options.cold.backend} cold tier's saver keeps "${cold}": give both the same history`,
      { field: "history" },
    );
  }
  return history;
}
