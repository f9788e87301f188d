import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findOnPath } from "./find-on-path.js";
import { findFreePort, LOOPBACK_HOST } from "./free-port.js";
import { OwnedServer } from "./owned-server.js";
import { portIsClosed } from "./port-probe.js";
import { redisAnswersPing } from "./redis-ping.js";
import type { RedisServerOptions } from "./redis-server-options.js";
import { ServerBinaryNotFoundError } from "./server-binary-not-found-error.js";
import type { OwnedTestServer } from "./test-server.js";

/** A port picked as free can be taken before the server binds it; try again on a fresh one. */
const START_ATTEMPTS = 3;

export const REDIS_INSTALL_HINT =
  "Install Redis (`apt-get install redis-server` or `brew install redis`), " +
  "or point the tests at a running server with REDIS_URL (e.g. `docker compose up -d redis` " +
  "and REDIS_URL=redis://127.0.0.1:6379).";

/** The `redis-server` binary, or a `ServerBinaryNotFoundError` that says how to get one. */
export function redisServerBinary(): string {
  const binary = findOnPath("redis-server");
  if (binary === undefined) throw new ServerBinaryNotFoundError("redis-server", REDIS_INSTALL_HINT);
  return binary;
}

/**
 * Starts a private `redis-server` on a free loopback port with a fresh data directory,
 * no RDB snapshots and the AOF as asked, and resolves once it answers PING.
 * The caller owns it: `kill()`, `restart()`, and `stop()` (which also deletes the directory).
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<OwnedTestServer> {
  const binary = redisServerBinary();
  const dataDir = await mkdtemp(join(tmpdir(), "checkpointkit-redis-"));
  let lastError: unknown;
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const port = await findFreePort();
    const server = new OwnedServer({
      displayName: "redis-server",
      host: LOOPBACK_HOST,
      port,
      dataDir,
      url: `redis://${credentials(options)}${LOOPBACK_HOST}:${port}`,
      prepareDataDir: async () => {},
      processSpec: () => ({
        displayName: "redis-server",
        command: binary,
        args: redisServerArgs(port, dataDir, options),
        spawnOptions: { cwd: dataDir },
      }),
      isReady: () => redisAnswersPing(LOOPBACK_HOST, port),
      isPortClosed: () => portIsClosed(LOOPBACK_HOST, port),
      gracefulStopSignal: "SIGTERM",
      startTimeoutMs: options.startTimeoutMs ?? 10_000,
    });
    try {
      await server.start();
      return server;
    } catch (error) {
      lastError = error;
    }
  }
  await rm(dataDir, { recursive: true, force: true });
  throw lastError;
}

function credentials(options: RedisServerOptions): string {
  return options.password === undefined ? "" : `:${encodeURIComponent(options.password)}@`;
}

/** The command line: loopback only, foreground, no snapshots, AOF as asked, extras last. */
export function redisServerArgs(
  port: number,
  dataDir: string,
  options: RedisServerOptions,
): string[] {
  return [
    "--port",
    String(port),
    "--bind",
    LOOPBACK_HOST,
    "--daemonize",
    "no",
    "--save",
    "",
    "--dir",
    dataDir,
    "--appendonly",
    options.appendOnly === true ? "yes" : "no",
    "--appendfsync",
    options.appendFsync ?? "everysec",
    ...(options.password === undefined ? [] : ["--requirepass", options.password]),
    "--logfile",
    "",
    ...(options.extraArgs ?? []),
  ];
}
