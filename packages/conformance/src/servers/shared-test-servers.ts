import { startPostgresServer } from "./start-postgres-server.js";
import { startRedisServer } from "./start-redis-server.js";
import type { CosmosTestServer, TestServer } from "./test-server.js";

/** A server a jest run can share between all its test files. */
export type SharedTestServerName = "redis" | "postgres" | "cosmos";

/** The servers one jest run started; `stopAll()` stops exactly those. */
export interface SharedTestServers {
  /** Env vars set for the workers, e.g. `{ REDIS_URL: "redis://127.0.0.1:41234" }`. */
  readonly environment: Readonly<Record<string, string>>;
  stopAll(): Promise<void>;
}

interface StartedServer {
  readonly environment: Record<string, string>;
  readonly server: TestServer | CosmosTestServer;
}

/**
 * Starts each listed server whose env var is not set yet, in parallel, and sets the env vars
 * (REDIS_URL, POSTGRES_URL, COSMOS_ENDPOINT + COSMOS_KEY) so the workers jest forks next use
 * them. A server named by an env var is left alone and never stopped.
 */
export async function startSharedTestServers(
  names: readonly SharedTestServerName[],
): Promise<SharedTestServers> {
  const starts = [...new Set(names)]
    .filter((name) => !isAlreadyProvided(name))
    .map((name) => startSharedServer(name));
  const results = await Promise.allSettled(starts);
  const started = results.flatMap((result) =>
    result.status === "fulfilled" ? [result.value] : [],
  );
  const stopAll = async () => {
    await Promise.all(started.map(({ server }) => server.stop()));
  };
  const failure = results.find((result) => result.status === "rejected");
  if (failure !== undefined) {
    await stopAll();
    throw failure.reason;
  }
  const environment: Record<string, string> = {};
  for (const server of started) Object.assign(environment, server.environment);
  Object.assign(process.env, environment);
  return { environment, stopAll };
}

function isAlreadyProvided(name: SharedTestServerName): boolean {
  const present = (variable: string) => (process.env[variable] ?? "") !== "";
  switch (name) {
    case "redis":
      return present("REDIS_URL");
    case "postgres":
      return present("POSTGRES_URL");
    case "cosmos":
      return present("COSMOS_ENDPOINT");
  }
}

async function startSharedServer(name: SharedTestServerName): Promise<StartedServer> {
  switch (name) {
    case "redis": {
      const server = await startRedisServer();
      return { server, environment: { REDIS_URL: server.url } };
    }
    case "postgres": {
      const server = await startPostgresServer();
      return { server, environment: { POSTGRES_URL: server.url } };
    }
    case "cosmos": {
      const server = await (await loadCosmosStarter())();
      return { server, environment: { COSMOS_ENDPOINT: server.endpoint, COSMOS_KEY: server.key } };
    }
  }
}

/**
 * Loaded on demand so runs without Cosmos do not load the Cosmos SDK and emulator. The
 * starter lives in ../cosmos/ (another part of this package); a missing export is reported
 * plainly instead of as "is not a function".
 */
async function loadCosmosStarter(): Promise<() => Promise<CosmosTestServer>> {
  const cosmosModule: { startCosmosServer?: unknown } = await import("../cosmos/index.js");
  const starter = cosmosModule.startCosmosServer;
  if (typeof starter !== "function") {
    throw new Error(
      "createJestConfig({ servers: ['cosmos'] }) needs startCosmosServer() exported from " +
        "@checkpointkit/conformance/src/cosmos/index.ts, which does not export it (yet); " +
        "set COSMOS_ENDPOINT and COSMOS_KEY to use an external Cosmos DB instead.",
    );
  }
  return starter as () => Promise<CosmosTestServer>;
}
