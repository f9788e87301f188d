import type { HistoryMode } from "@checkpointkit/core";
import type { PlainSettings } from "./plain-settings.js";

/**
 * How to rebuild a PostgreSQL cold tier in another thread: a pool with the same settings
 * (plain data, the connection string included: it is handed to the flusher's worker thread
 * and never logged) and a saver with the same schema, history mode, retention and deadlines.
 */
export interface PostgresColdTierDescription {
  backend: "postgres";
  /** `pg.Pool` settings; `connectionString` is always set. */
  pool: PlainSettings & { connectionString: string };
  schema: string;
  history: HistoryMode;
  ttlSeconds: number | undefined;
  connectionTimeoutMs: number;
  queryTimeoutMs: number;
}

/**
 * A serializable description of a cold tier, from which the flusher's worker thread builds
 * its own (see `ColdTier.describeForWorker`).
 */
export type ColdTierDescription = PostgresColdTierDescription;

/** A cold tier's description, or why it cannot be rebuilt elsewhere (never a secret). */
export type ColdTierDescriptionResult =
  | { description: ColdTierDescription; refused?: undefined }
  | { refused: string; description?: undefined };
