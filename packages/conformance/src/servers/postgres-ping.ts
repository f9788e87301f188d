import { Client } from "pg";

/**
 * True when the server accepts a login and answers a query. A server still starting up or
 * recovering after a crash refuses logins ("the database system is starting up").
 */
export async function postgresAnswersQuery(url: string, timeoutMs = 2000): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => {
    // A dying connection; the failed query below already says so.
  });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
