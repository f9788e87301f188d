import type { CosmosTestServer, TestServer } from "@checkpointkit/conformance";
import { cosmos, postgres, redis } from "@checkpointkit/conformance/servers";

/** Reports what is happening while servers start; the demo prints it on stderr. */
export type ProgressReporter = (message: string) => void;

/** How often a start that is still going says so, in milliseconds. */
const STILL_STARTING_INTERVAL_MS = 5_000;

/** `host:port` of a server URL: never the user name or password it may carry. */
export function serverAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.port === "" ? parsed.hostname : `${parsed.hostname}:${parsed.port}`;
  } catch {
    return "(unparsable URL)";
  }
}

function seconds(sinceMs: number): string {
  return `${((Date.now() - sinceMs) / 1000).toFixed(1)} s`;
}

/** Runs `start`, saying what starts, that it is still starting every few seconds, and when it is up. */
async function withProgress<T>(
  progress: ProgressReporter,
  what: string,
  start: () => Promise<T>,
  describeReady: (started: T) => string,
): Promise<T> {
  const startedAtMs = Date.now();
  progress(`starting ${what} …`);
  const ticker = setInterval(
    () => progress(`still starting ${what} (${seconds(startedAtMs)})`),
    STILL_STARTING_INTERVAL_MS,
  );
  try {
    const started = await start();
    progress(`${describeReady(started)} (${seconds(startedAtMs)})`);
    return started;
  } finally {
    clearInterval(ticker);
  }
}

/** Redis: REDIS_URL when set, else a private `redis-server` on a free loopback port. */
export async function startRedis(progress: ProgressReporter): Promise<TestServer> {
  const fromEnvironment = process.env.REDIS_URL;
  if (fromEnvironment) {
    progress(`using the Redis server REDIS_URL names (${serverAddress(fromEnvironment)})`);
    return redis();
  }
  return withProgress(
    progress,
    "a private redis-server",
    () => redis(),
    (server) => `redis-server ready on ${serverAddress(server.url)}`,
  );
}

/** PostgreSQL: POSTGRES_URL when set, else embedded PostgreSQL (binaries from npm). */
export async function startPostgres(progress: ProgressReporter): Promise<TestServer> {
  const fromEnvironment = process.env.POSTGRES_URL;
  if (fromEnvironment) {
    progress(`using the PostgreSQL server POSTGRES_URL names (${serverAddress(fromEnvironment)})`);
    return postgres();
  }
  return withProgress(
    progress,
    "embedded PostgreSQL (initdb + server, a few seconds)",
    () => postgres(),
    (server) => `PostgreSQL ready on ${serverAddress(server.url)}`,
  );
}

/** Cosmos DB: COSMOS_ENDPOINT + COSMOS_KEY when set, else the in-process server. */
export async function startCosmos(progress: ProgressReporter): Promise<CosmosTestServer> {
  if (process.env.COSMOS_ENDPOINT && process.env.COSMOS_KEY) {
    progress(
      `using the Cosmos DB account COSMOS_ENDPOINT names (${serverAddress(process.env.COSMOS_ENDPOINT)})`,
    );
    return cosmos();
  }
  return withProgress(
    progress,
    "the in-process Cosmos DB server",
    () => cosmos(),
    (server) => `Cosmos DB server ready on ${serverAddress(server.endpoint)}`,
  );
}

/** Stops servers in reverse start order; external ones ignore `stop()`. */
export async function stopServers(
  servers: ReadonlyArray<{ stop(): Promise<void> } | undefined>,
): Promise<void> {
  for (const server of [...servers].reverse()) await server?.stop();
}
