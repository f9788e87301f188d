import pg from "pg";

/** How `fromConnString` builds the pool a saver or store owns and ends. */
export interface OwnedPoolSettings {
  connectionString: string;
  poolOptions: Omit<pg.PoolConfig, "connectionString"> | undefined;
  connectionTimeoutMs: number;
  /** Server-side `statement_timeout`; undefined keeps the server's. */
  statementTimeoutMs?: number | undefined;
}

/**
 * A pool for `fromConnString`: the URL wins over `poolOptions`, connection attempts are
 * bounded, and the pool has an `error` listener — an idle client whose server went away is
 * reported there, and without a listener that would crash the process (the pool discards
 * the client; the next call reconnects).
 */
export function createOwnedPool(settings: OwnedPoolSettings): pg.Pool {
  const { statementTimeoutMs } = settings;
  const pool = new pg.Pool({
    ...settings.poolOptions,
    connectionString: settings.connectionString,
    connectionTimeoutMillis: settings.connectionTimeoutMs,
    ...(statementTimeoutMs === undefined ? {} : { statement_timeout: statementTimeoutMs }),
  });
  pool.on("error", () => {});
  return pool;
}
