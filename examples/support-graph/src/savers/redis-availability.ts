import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** Finds the `redis-server` executable; injectable so tests can pretend there is none. */
export type RedisServerLookup = () => string | undefined;

/** Where the demo's Redis would come from, or `undefined` when nothing provides one. */
export type RedisSource = { kind: "REDIS_URL" } | { kind: "redis-server"; binaryPath: string };

/** `redis-server` on PATH, as `@checkpointkit/conformance` will look for it. */
export const findRedisServerOnPath: RedisServerLookup = () => {
  for (const directory of (process.env.PATH ?? "").split(delimiter)) {
    if (directory === "") continue;
    const candidate = join(directory, "redis-server");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
};

export function findRedisSource(
  lookup: RedisServerLookup = findRedisServerOnPath,
): RedisSource | undefined {
  if (process.env.REDIS_URL) return { kind: "REDIS_URL" };
  const binaryPath = lookup();
  return binaryPath === undefined ? undefined : { kind: "redis-server", binaryPath };
}

/** What the demo prints when it has to run without Redis. */
export function redisUnavailableNotice(wantedSaver: string, fallbackSaver: string): string[] {
  return [
    `No Redis for the ${wantedSaver} saver: REDIS_URL is not set and \`redis-server\` is not on PATH.`,
    `Running the scenarios on ${fallbackSaver} instead. To get Redis:`,
    "  Debian/Ubuntu:  sudo apt-get install redis-server",
    "  macOS:          brew install redis",
    "  Docker:         docker compose up -d redis   (from the repository root), then",
    "                  REDIS_URL=redis://127.0.0.1:6379 pnpm demo",
  ];
}
