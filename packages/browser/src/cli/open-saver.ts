import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { openCosmosSaver, openPostgresSaver, openRedisSaver } from "./open-backend-savers.js";
import { openTieredSaver } from "./open-tiered-saver.js";
import type { SaverSelection } from "./saver-selection.js";

/** The saver the page reads, with a description free of passwords and keys. */
export interface OpenedSaver {
  saver: BaseCheckpointSaver;
  display: string;
  close(): Promise<void>;
}

/**
 * Opens the saver without `setup()`: setup may create or migrate a schema (and a tiered
 * saver's starts its flusher), and browsing never writes. A store that does not exist yet
 * shows the saver's error on the page instead.
 */
export function openSaver(selection: SaverSelection): OpenedSaver {
  switch (selection.kind) {
    case "redis":
      return openRedisSaver(selection);
    case "postgres":
      return openPostgresSaver(selection);
    case "cosmos":
      return openCosmosSaver(selection);
    case "tiered":
      return openTieredSaver(selection);
  }
}
