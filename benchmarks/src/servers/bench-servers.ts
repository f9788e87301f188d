import { type CosmosTestServer, cosmos, postgres, redis } from "./conformance-servers.js";

type Backend = "redis" | "postgres" | "cosmos";

/** Where the savers connect; a backend without a server carries the reason instead. */
export interface BenchServers {
  redisUrl?: string;
  postgresUrl?: string;
  cosmos?: CosmosTestServer;
  /** Why a backend has no server, by backend name. */
  unavailable: Partial<Record<Backend, string>>;
  /** Human-readable origin of each server, e.g. `private redis-server` or `REDIS_URL`. */
  origins: Partial<Record<Backend, string>>;
  /** Stops every server this run started (never an external one). */
  stop(): Promise<void>;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}

/**
 * Starts (or connects to) the servers the savers run against, all through
 * `@checkpointkit/conformance`, which honours REDIS_URL, POSTGRES_URL and
 * COSMOS_ENDPOINT/COSMOS_KEY and otherwise starts private servers on loopback ports.
 * A backend that cannot be had is reported, not fatal.
 */
export async function startBenchServers(): Promise<BenchServers> {
  const stops: (() => Promise<void>)[] = [];
  const servers: BenchServers = {
    unavailable: {},
    origins: {},
    stop: async () => {
      await Promise.allSettled(stops.map((stop) => stop()));
    },
  };
  const [redisServer, postgresServer, cosmosServer] = await Promise.allSettled([
    redis(),
    postgres(),
    cosmos(),
  ]);

  if (redisServer.status === "fulfilled") {
    stops.push(() => redisServer.value.stop());
    servers.redisUrl = redisServer.value.url;
    servers.origins.redis = redisServer.value.external ? "REDIS_URL" : "private redis-server";
  } else {
    servers.unavailable.redis = `no Redis server: ${describeError(redisServer.reason)}`;
  }

  if (postgresServer.status === "fulfilled") {
    stops.push(() => postgresServer.value.stop());
    servers.postgresUrl = postgresServer.value.url;
    servers.origins.postgres = postgresServer.value.external
      ? "POSTGRES_URL"
      : "embedded PostgreSQL";
  } else {
    servers.unavailable.postgres = `no PostgreSQL server: ${describeError(postgresServer.reason)}`;
  }

  if (cosmosServer.status === "fulfilled") {
    stops.push(() => cosmosServer.value.stop());
    servers.cosmos = cosmosServer.value;
    servers.origins.cosmos = cosmosServer.value.external
      ? "COSMOS_ENDPOINT"
      : "in-process Cosmos DB server (@vercel/cosmosdb-server, extended)";
  } else {
    servers.unavailable.cosmos = `no Cosmos DB server: ${describeError(cosmosServer.reason)}`;
  }
  return servers;
}
