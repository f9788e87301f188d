import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { MigrationProgress } from "./migration-progress.js";
import type { MigrationSource } from "./migration-source.js";

/** How one thread ended up. */
export type ThreadOutcome =
  /** Something was written, then the whole thread read back equal to the source. */
  | "copied"
  /** The target already held the thread exactly: nothing was written. */
  | "unchanged"
  /** The progress record says a previous run completed it: not read at all. */
  | "skipped"
  /** Dry run: the thread would be copied (`checkpoints`/`writes` say how much). */
  | "would-copy";

export interface ThreadProgressEvent {
  threadId: string;
  outcome: ThreadOutcome;
  /** Checkpoints written (or, in a dry run, that would be). */
  checkpoints: number;
  /** Pending writes written (or, in a dry run, that would be). */
  writes: number;
  threadsDone: number;
  threadsTotal: number;
}

export interface MigrateThreadsOptions {
  source: MigrationSource;
  /** Any saver: a checkpointkit saver, or any other `BaseCheckpointSaver`. */
  target: BaseCheckpointSaver;
  /**
   * Threads a previous run completed; updated as threads complete. Without it, every thread
   * is compared with the target (and only what is missing is written).
   * @default undefined
   */
  progress?: MigrationProgress;
  /**
   * Read and compare only; write nothing, record nothing.
   * @default false
   */
  dryRun?: boolean;
  /**
   * Store the official saver's integer channel versions as checkpointkit-style string
   * versions (see `migratedChannelVersion`), so graphs resumed on the target schedule nodes
   * correctly. Needed by every target whose `getNextVersion` returns strings.
   * @default true when `target.getNextVersion(1)` returns a string
   */
  rewriteIntegerVersions?: boolean;
  /** Called after each thread. */
  onThread?: (event: ThreadProgressEvent) => void;
}

export interface MigrationSummary {
  threadsTotal: number;
  threadsCopied: number;
  threadsUnchanged: number;
  threadsSkipped: number;
  checkpointsCopied: number;
  writesCopied: number;
  dryRun: boolean;
}
