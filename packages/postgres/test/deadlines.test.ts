import {
  type OwnedTestServer,
  startFaultProxy,
  startPostgresServer,
} from "@checkpointkit/conformance";
import { BackendUnavailableError } from "@checkpointkit/core";
import pg from "pg";
import { PostgresSaver } from "../src/index.js";
import { backendPidsOf, eventually, failureWithin, silentServer } from "./support/faults.js";
import { loopMetadata, makeCheckpoint, threadConfig } from "./support/fixtures.js";
import { postgresUrl, uniqueSchemaName } from "./support/test-database.js";

/**
 * A half-open connection: the server process behind an established connection stops
 * (SIGSTOP). The kernel keeps the socket open and accepts what the client sends, nothing
 * ever comes back — exactly what a network blackhole or a frozen VM looks like to the client,
 * and why neither TCP nor the server-side `statement_timeout` ends the call.
 */
const CONNECTION_TIMEOUT_MS = 1000;
const QUERY_TIMEOUT_MS = 1500;
/** Far above the documented deadline (connection + query), far below "hangs forever". */
const GENEROUS_BOUND_MS = 10_000;

let server: OwnedTestServer;
let admin: pg.Pool;

beforeAll(async () => {
  server = await startPostgresServer();
  admin = new pg.Pool({ connectionString: server.url, max: 2 });
  admin.on("error", () => {});
}, 120_000);

afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

/**
 * Resumes the stopped backends. A backend still listed by a later iteration is stopped once
 * but listed twice, and one resumed a moment earlier may already have exited (its client
 * hung up): both are fine, only a failure to resume a live process is not.
 */
function resumeAll(pids: readonly number[]): void {
  for (const pid of new Set(pids)) {
    try {
      process.kill(pid, "SIGCONT");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    }
  }
}

describe("an established pooled connection goes silent", () => {
  it("put rejects in time with BackendUnavailableError, the stuck connection is destroyed, the next call works", async () => {
    const applicationName = "ck_half_open";
    const saver = PostgresSaver.fromConnString(server.url, {
      connectionTimeoutMs: CONNECTION_TIMEOUT_MS,
      queryTimeoutMs: QUERY_TIMEOUT_MS,
      statementTimeoutMs: 500,
      poolOptions: { max: 1, application_name: applicationName },
    });
    const stopped: number[] = [];
    try {
      await saver.setup();
      const config = await saver.put(
        threadConfig("half-open"),
        makeCheckpoint({ a: 1 }),
        loopMetadata(0),
        { a: 1 },
      );
      stopped.push(...(await backendPidsOf(admin, applicationName)));
      expect(stopped).toHaveLength(1);
      for (const pid of stopped) process.kill(pid, "SIGSTOP");

      const { error, elapsedMs } = await failureWithin(
        saver.put(config, makeCheckpoint({ a: 2 }), loopMetadata(1), { a: 2 }),
        GENEROUS_BOUND_MS,
      );
      console.log(`time to reject, established-then-silent (put): ${elapsedMs} ms`);
      expect(BackendUnavailableError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/timed out/);
      expect(saver.pool.totalCount).toBe(0);

      // The frozen backend still holds its connection; the next call must not wait for it.
      const tuple = await saver.getTuple(config);
      expect(tuple?.checkpoint.channel_values).toEqual({ a: 1 });
    } finally {
      resumeAll(stopped);
      await saver.close();
    }
    // Once thawed, the backend finds its client gone and exits.
    await eventually("the stuck backend to exit", async () =>
      (await backendPidsOf(admin, applicationName)).every((pid) => !stopped.includes(pid)),
    );
  }, 60_000);

  it("getTuple, list and putWrites reject in time too, through the caller's own pool", async () => {
    const applicationName = "ck_half_open_user_pool";
    const pool = new pg.Pool({
      connectionString: server.url,
      max: 1,
      application_name: applicationName,
    });
    pool.on("error", () => {});
    const saver = new PostgresSaver({
      pool,
      connectionTimeoutMs: CONNECTION_TIMEOUT_MS,
      queryTimeoutMs: QUERY_TIMEOUT_MS,
    });
    const stopped: number[] = [];
    try {
      await saver.setup();
      const config = await saver.put(
        threadConfig("half-open-2"),
        makeCheckpoint({ a: 1 }),
        loopMetadata(0),
        { a: 1 },
      );
      const calls: Array<[string, () => Promise<unknown>]> = [
        ["getTuple", () => saver.getTuple(config)],
        [
          "list",
          async () => {
            for await (const _tuple of saver.list(config)) {
              // drain
            }
          },
        ],
        ["putWrites", () => saver.putWrites(config, [["a", 3]], "task")],
      ];
      for (const [name, call] of calls) {
        await saver.getTuple(config); // a live pooled connection for the fault to freeze
        const pids = await backendPidsOf(admin, applicationName);
        stopped.push(...pids);
        for (const pid of pids) process.kill(pid, "SIGSTOP");
        const { error, elapsedMs } = await failureWithin(call(), GENEROUS_BOUND_MS);
        console.log(`time to reject, established-then-silent (${name}): ${elapsedMs} ms`);
        expect(BackendUnavailableError.isInstance(error)).toBe(true);
        expect((error as Error).message).toMatch(/timed out/);
      }
    } finally {
      resumeAll(stopped);
      await saver.close();
      await pool.end();
    }
  }, 60_000);
});

describe("a network blackhole (the fault proxy drops everything, sockets stay open)", () => {
  it("an established connection and new ones: every call rejects in time, the saver recovers after heal", async () => {
    const proxy = await startFaultProxy({ targetUrl: postgresUrl() });
    const saver = PostgresSaver.fromConnString(proxy.url, {
      schema: uniqueSchemaName(),
      connectionTimeoutMs: CONNECTION_TIMEOUT_MS,
      queryTimeoutMs: QUERY_TIMEOUT_MS,
      poolOptions: { max: 2 },
    });
    try {
      await saver.setup();
      const config = await saver.put(
        threadConfig("blackhole"),
        makeCheckpoint({ a: 1 }),
        loopMetadata(0),
        { a: 1 },
      );
      proxy.blackhole(true);
      const established = await failureWithin(saver.getTuple(config), GENEROUS_BOUND_MS);
      console.log(
        `time to reject, established-then-silent via proxy (getTuple): ${established.elapsedMs} ms`,
      );
      expect(BackendUnavailableError.isInstance(established.error)).toBe(true);
      expect((established.error as Error).message).toMatch(/timed out/);
      const fresh = await failureWithin(
        saver.put(config, makeCheckpoint({ a: 2 }), loopMetadata(1), { a: 2 }),
        GENEROUS_BOUND_MS,
      );
      console.log(`time to reject, accepts-but-silent via proxy (put): ${fresh.elapsedMs} ms`);
      expect(BackendUnavailableError.isInstance(fresh.error)).toBe(true);
      expect((fresh.error as Error).message).toMatch(/timed out/);

      await proxy.heal();
      expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ a: 1 });
      await saver.put(config, makeCheckpoint({ a: 3 }), loopMetadata(1), { a: 3 });
      await saver.pool.query(`DROP SCHEMA ${saver.schema.quoted} CASCADE`);
    } finally {
      await saver.close();
      await proxy.close();
    }
  }, 60_000);
});

describe("every other operation under a blackhole", () => {
  it("setup, deleteThread, copyThread, prune, getDeltaChannelHistory reject in time; each next call works", async () => {
    const proxy = await startFaultProxy({ targetUrl: postgresUrl() });
    const saver = PostgresSaver.fromConnString(proxy.url, {
      schema: uniqueSchemaName(),
      connectionTimeoutMs: CONNECTION_TIMEOUT_MS,
      queryTimeoutMs: QUERY_TIMEOUT_MS,
      poolOptions: { max: 1 },
    });
    try {
      await saver.setup();
      const config = await saver.put(
        threadConfig("ops"),
        makeCheckpoint({ a: 1 }),
        loopMetadata(0),
        { a: 1 },
      );
      const operations: Array<[string, () => Promise<unknown>]> = [
        ["setup", () => saver.setup()],
        ["deleteThread", () => saver.deleteThread("other")],
        ["copyThread", () => saver.copyThread("ops", "copy")],
        ["prune", () => saver.prune({ keepLatest: 1 })],
        ["getDeltaChannelHistory", () => saver.getDeltaChannelHistory({ config, channels: ["a"] })],
      ];
      for (const [name, operation] of operations) {
        await saver.getTuple(config); // an established pooled connection for the fault
        proxy.blackhole(true);
        const { error, elapsedMs } = await failureWithin(operation(), GENEROUS_BOUND_MS);
        console.log(`time to reject, blackhole (${name}): ${elapsedMs} ms`);
        expect(BackendUnavailableError.isInstance(error)).toBe(true);
        expect((error as Error).message).toMatch(/timed out/);
        await proxy.heal();
        await operation();
      }
      await saver.pool.query(`DROP SCHEMA ${saver.schema.quoted} CASCADE`);
    } finally {
      await saver.close();
      await proxy.close();
    }
  }, 60_000);
});

describe("a port that accepts connections and never answers", () => {
  it("a caller's pool without connectionTimeoutMillis does not hang: the saver bounds the checkout", async () => {
    const { server: silent, port } = await silentServer();
    const pool = new pg.Pool({
      connectionString: `postgres://postgres:pw@127.0.0.1:${port}/postgres`,
    });
    pool.on("error", () => {});
    const saver = new PostgresSaver({ pool, connectionTimeoutMs: CONNECTION_TIMEOUT_MS });
    try {
      const { error, elapsedMs } = await failureWithin(
        saver.getTuple(threadConfig("t")),
        GENEROUS_BOUND_MS,
      );
      console.log(`time to reject, accepts-but-silent (caller's pool): ${elapsedMs} ms`);
      expect(BackendUnavailableError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/timed out/);
      // The abandoned connection attempt is ended too, so it does not hold a pool slot forever.
      await eventually("the abandoned connection attempt to end", () => pool.totalCount === 0);
    } finally {
      await saver.close();
      await pool.end();
      silent.close();
    }
  }, 30_000);
});
