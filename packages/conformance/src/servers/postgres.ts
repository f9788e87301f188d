import { externalTestServer } from "./external-test-server.js";
import type { PostgresServerOptions } from "./postgres-server-options.js";
import { startPostgresServer } from "./start-postgres-server.js";
import type { TestServer } from "./test-server.js";

/**
 * The PostgreSQL server a test should use: the one `POSTGRES_URL` names (external, never
 * stopped), else a private embedded PostgreSQL started with `options`. Tests that kill or
 * restart the server call `startPostgresServer()` instead.
 */
export async function postgres(options: PostgresServerOptions = {}): Promise<TestServer> {
  const url = process.env.POSTGRES_URL;
  if (url !== undefined && url !== "") return externalTestServer(url);
  return startPostgresServer(options);
}
