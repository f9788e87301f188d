/** How `startPostgresServer()` configures the embedded PostgreSQL it starts. */
export interface PostgresServerOptions {
  /**
   * More server settings, passed as `-c name=value` after the defaults so they override them,
   * e.g. `{ max_connections: "200" }`. The defaults favour start-up speed over crash safety
   * of the OS: `fsync=off`, `full_page_writes=off`, small `shared_buffers`; a SIGKILL of the
   * server itself still loses nothing that was committed.
   * @default {}
   */
  settings?: Readonly<Record<string, string>>;
  /**
   * How long to wait for the server to accept connections after it was spawned
   * (crash recovery after a `kill()` counts towards it).
   * @default 30000
   */
  startTimeoutMs?: number;
}
