import type { ChildProcess } from "node:child_process";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";

/** The savers the demo knows by name (`--saver`). */
export const SAVER_NAMES = ["memory", "redis", "postgres", "cosmos", "tiered"] as const;
export type SaverName = (typeof SAVER_NAMES)[number];

/** Durable tier of the tiered saver (`--cold`). */
export const COLD_TIER_NAMES = ["postgres", "cosmos"] as const;
export type ColdTierName = (typeof COLD_TIER_NAMES)[number];

export interface SaverStartOptions {
  /** Cold tier for the tiered saver; other savers ignore it. */
  coldTier: ColdTierName;
  /** Reports what is happening while servers start ("starting redis-server on :41234"). */
  progress(message: string): void;
}

/** A checkpointer plus whatever it takes to release it. */
export interface OpenedCheckpointer {
  checkpointer: BaseCheckpointSaver;
  /** Closes clients this saver owns (a tiered saver drains its flusher first). */
  close(): Promise<void>;
}

/** Where a checkpoint is right now; only savers with more than one tier have much to say. */
export interface CheckpointLocation {
  /** Stores holding the checkpoint, hottest first, e.g. `["redis", "postgres"]`. */
  tiers: string[];
  /** Milliseconds from the hot write to the cold commit; absent while not flushed. */
  flushLagMs?: number;
}

/** One channel write in the durable history: which node wrote what, when. */
export interface AuditTrailRow {
  /** Superstep the write belongs to (step of the checkpoint it produced). */
  step: number;
  /** Writing node; `input` for the caller's input, `resume` for a `Command({ resume })`. */
  node: string;
  channel: string;
  value: unknown;
  /** Checkpoint the writing task ran from. */
  taskCheckpointId: string;
  /** ISO time the write was recorded (the saver's own clock or the checkpoint's `ts`). */
  writtenAt: string;
}

/**
 * Servers plus storage for one demo run. Every checkpointer it opens sees the same storage,
 * so a checkpointer opened after a crash finds what the crashed process wrote.
 */
export interface SaverEnvironment {
  /** Shown in the output, e.g. `TieredSaver (Redis hot, Postgres cold)`. */
  label: string;
  /** A new checkpointer (its own client) over this environment's storage. */
  open(): Promise<OpenedCheckpointer>;
  /**
   * JSON-serializable: how a child process reaches the same storage (URLs, key prefix,
   * schema). The child passes it to `SaverFactory.openInChildProcess`. Never a secret in
   * clear text that ends up in output: it is not printed, but it is sent over IPC.
   */
  childConnection: Record<string, unknown>;
  /** Called right after a child process is forked (the memory saver serves it over IPC). */
  attachChildProcess?(child: ChildProcess): () => void;
  /**
   * The durable history of a thread, oldest first: an SQL query over the Postgres audit view,
   * the Cosmos query, or, for the memory saver, the checkpointer's own `list`. A tiered
   * environment flushes the thread first so the answer comes from the cold tier.
   */
  readAuditTrail(threadId: string): Promise<AuditTrailRow[]>;
  /** How `readAuditTrail` gets its rows, shown above them (an SQL text, "MemorySaver.list"). */
  auditTrailSource: string;
  /** Optional: which tier holds a checkpoint and the flush lag, for the timeline. */
  describeCheckpointLocation?(config: RunnableConfig): Promise<CheckpointLocation | undefined>;
  /** Stops servers this environment started; leaves external ones (`REDIS_URL`, ...) alone. */
  stop(): Promise<void>;
}

/** One entry of the saver registry (`src/savers/saver-registry.ts`). */
export interface SaverFactory {
  name: SaverName;
  /** One line for `--help`. */
  summary: string;
  /**
   * True when the saver cannot run without Redis; the demo then falls back to PostgreSQL
   * when no Redis can be had (no REDIS_URL, no `redis-server` on PATH).
   */
  needsRedis: boolean;
  /** Starts or connects to the servers and prepares fresh storage. */
  start(options: SaverStartOptions): Promise<SaverEnvironment>;
  /** Runs in the crash scenario's child process with the parent's `childConnection`. */
  openInChildProcess(connection: Record<string, unknown>): Promise<OpenedCheckpointer>;
}
