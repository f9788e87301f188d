import type { RetentionOptions } from "@checkpointkit/core";
import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import type pg from "pg";

/** Options shared by `new PostgresSaver(...)` and `PostgresSaver.fromConnString(...)`. */
export interface PostgresSaverCommonOptions extends RetentionOptions {
  /**
   * Schema holding the saver's tables and views. Created by `setup()`. Any name is accepted
   * (it is always quoted); at most 63 bytes, because PostgreSQL truncates longer names.
   * @default "checkpointkit"
   */
  schema?: string;
  /**
   * Serializer for checkpoints, metadata, channel values and writes.
   * @default new JsonPlusSerializer()
   */
  serde?: SerializerProtocol;
  /**
   * Checkpoints fetched per round trip by `list`; a listing of a long history is streamed
   * page by page with keyset pagination and never buffered whole.
   * @default 100
   */
  listPageSize?: number;
  /**
   * When set (with `ttlSeconds`), the saver calls `deleteExpiredThreads()` every this many
   * milliseconds in the background until `close()`. Undefined: call it yourself.
   * @default undefined
   */
  ttlSweepIntervalMs?: number;
  /**
   * Receives errors of background TTL sweeps (the next sweep retries). Ignored when undefined.
   * @default undefined
   */
  onBackgroundError?: (error: unknown) => void;
  /**
   * Rows examined per statement by `prune` and `deleteExpiredThreads`, so pruning millions
   * of rows runs as many short transactions instead of one long one.
   * @default 1000
   */
  pruneBatchSize?: number;
}

/** `new PostgresSaver({ pool, ... })`: the saver borrows the pool and never ends it. */
export interface PostgresSaverOptions extends PostgresSaverCommonOptions {
  /**
   * The application's pool. Its `connectionTimeoutMillis` bounds how long a call waits for
   * an unreachable server; give it an `error` listener so a server restart does not crash
   * the process (an idle client's error is otherwise an unhandled `error` event).
   */
  pool: pg.Pool;
}

/** `PostgresSaver.fromConnString(url, options)`: the saver creates, owns and ends the pool. */
export interface PostgresConnStringOptions extends PostgresSaverCommonOptions {
  /** Extra `pg.Pool` settings (size, idle timeout, TLS objects); the URL wins for what it sets. */
  poolOptions?: Omit<pg.PoolConfig, "connectionString">;
  /**
   * Milliseconds to wait for a connection before failing with `BackendUnavailableError`.
   * @default 5000
   */
  connectionTimeoutMs?: number;
  /**
   * Server-side `statement_timeout` of the pool's connections, in milliseconds; a statement
   * running longer is cancelled and the call fails with `BackendUnavailableError`.
   * Undefined keeps the server's setting.
   * @default undefined
   */
  statementTimeoutMs?: number;
}

export const DEFAULT_SCHEMA = "checkpointkit";
export const DEFAULT_LIST_PAGE_SIZE = 100;
export const DEFAULT_PRUNE_BATCH_SIZE = 1000;
export const DEFAULT_CONNECTION_TIMEOUT_MS = 5000;
