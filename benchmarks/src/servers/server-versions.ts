import { Redis } from "ioredis";
import pg from "pg";
import type { BenchServers } from "./bench-servers.js";

/** Version strings of the servers, for the machine description; failures read "unknown". */
export async function serverVersions(servers: BenchServers): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  if (servers.redisUrl !== undefined) {
    const client = new Redis(servers.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    client.on("error", () => {});
    try {
      await client.connect();
      const info = await client.info("server");
      const version = /redis_version:(\S+)/.exec(info)?.[1] ?? "unknown";
      versions.redis = `Redis ${version} (${servers.origins.redis})`;
    } catch {
      versions.redis = `unknown (${servers.origins.redis})`;
    } finally {
      client.disconnect();
    }
  }
  if (servers.postgresUrl !== undefined) {
    const client = new pg.Client({ connectionString: servers.postgresUrl });
    try {
      await client.connect();
      const result = await client.query<{ server_version: string }>("SHOW server_version");
      versions.postgres = `PostgreSQL ${result.rows[0]?.server_version ?? "unknown"} (${servers.origins.postgres})`;
    } catch {
      versions.postgres = `unknown (${servers.origins.postgres})`;
    } finally {
      await client.end().catch(() => {});
    }
  }
  if (servers.cosmos !== undefined) versions.cosmos = `${servers.origins.cosmos}`;
  return versions;
}
