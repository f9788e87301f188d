/**
 * Handles to the servers tests run against. A server either comes from an env var
 * (`REDIS_URL`, `POSTGRES_URL`, `COSMOS_ENDPOINT` + `COSMOS_KEY`) and is `external`, or was
 * started by this package and is `owned`: only owned servers can be killed or restarted,
 * and `stop()` of an external server never touches the server itself.
 */
export interface TestServer {
  /** Connection URL, e.g. `redis://127.0.0.1:41234` or `postgres://postgres@127.0.0.1:41235/postgres`. */
  readonly url: string;
  /** True when the URL came from the environment; such servers are never stopped or killed. */
  readonly external: boolean;
  /** Stops a server this package started (graceful); a no-op for external servers. */
  stop(): Promise<void>;
}

/** A server process started by this package, on a free loopback port, with its own data directory. */
export interface OwnedTestServer extends TestServer {
  readonly external: false;
  readonly host: string;
  readonly port: number;
  /** Process id of the server itself (not of a wrapper), so `kill()` hits the real thing. */
  readonly pid: number;
  /** Kept across `restart()`; removed by `stop()`. */
  readonly dataDir: string;
  /** SIGKILL, then waits until the process has exited and the port is closed. */
  kill(): Promise<void>;
  /** Starts the server again on the same port with the same data directory, after a kill or a stop. */
  restart(): Promise<void>;
}

/** The Cosmos DB endpoint tests use: the in-process server, or the real service / emulator. */
export interface CosmosTestServer {
  readonly endpoint: string;
  readonly key: string;
  readonly external: boolean;
  stop(): Promise<void>;
}
