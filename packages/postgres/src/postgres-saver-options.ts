import type {
  CorruptCheckpointError,
  HistoryOptions,
  RetentionOptions,
  StateSizeOptions,
  WriteFenceOptions,
} from "@checkpointkit/core";
import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import type pg from "pg";

/**
 * Options shared by `new PostgresSaver(...)` and `PostgresSaver.fromConnString(...)`.
 * `history` (from `HistoryOptions`): `"latest"` keeps only the newest checkpoint per
 * (thread, namespace), trimmed inside the `put` statement; see the README's "History modes".
 */
/**
 * `requireLease` and `concurrency` (core's `WriteFenceOptions`; see the core README's "Thread
 * leases and optimistic concurrency"): both checked inside the write's own statement.
 */
export interface PostgresSaverCommonOptions
  extends RetentionOptions,
    HistoryOptions,
    WriteFenceOptions,
    StateSizeOptions {
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
  /**
   * Milliseconds a call waits for a pooled connection (a new one: TCP connect, TLS, login;
   * or a free one from a busy pool) before failing with `BackendUnavailableError`. Bounded
   * by the saver itself, so it holds for a pool without `connectionTimeoutMillis` too.
   * @default 5000
   */
  connectionTimeoutMs?: number;
  /**
   * Client-side deadline, in milliseconds, for one statement once it has a connection. A
   * statement that gets no answer in time (a half-open connection, a frozen server) fails
   * with `BackendUnavailableError` and its connection is destroyed, never reused. Keep it
   * above `statementTimeoutMs`, which cancels slow statements on the server and keeps the
   * connection. Each statement of an operation ends within `connectionTimeoutMs +
   * queryTimeoutMs`, one retry on a fresh connection included.
   * @default 30000
   */
  queryTimeoutMs?: number;
  /**
   * Receives each stored checkpoint that cannot be decoded while `list` runs; `list` then
   * skips it and goes on. Without this option `list` still yields every other checkpoint,
   * then throws the first `CorruptCheckpointError` at the end, so one corrupt thread never
   * hides the others and never passes unnoticed.
   * @default undefined
   */
  onCorruptRecord?: (error: CorruptCheckpointError) => void;
}

/** `new PostgresSaver({ pool, ... })`: the saver borrows the pool and never ends it. */
export interface PostgresSaverOptions extends PostgresSaverCommonOptions {
  /**
   * The application's pool. Give it an `error` listener: an idle client that loses its
   * server is reported on the pool, and without a listener that crashes the process. A pool
   * without `connectionTimeoutMillis` gets `connectionTimeoutMs` there, because `pg` offers
   * no other way to abandon a connection attempt that a silent server never answers.
   */
  pool: pg.Pool;
}

/** `PostgresSaver.fromConnString(url, options)`: the saver creates, owns and ends the pool. */
export interface PostgresConnStringOptions extends PostgresSaverCommonOptions {
  /** Extra `pg.Pool` settings (size, idle timeout, TLS objects); the URL wins for what it sets. */
  poolOptions?: Omit<pg.PoolConfig, "connectionString">;
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
export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;
