import { startFaultProxy } from "@checkpointkit/conformance";
import { BackendUnavailableError } from "@checkpointkit/core";
import pg from "pg";
import { PostgresSaver } from "../src/index.js";
import { backendPidsOf } from "./support/faults.js";
import { collect, loopMetadata, makeCheckpoint, threadConfig } from "./support/fixtures.js";
import { createTestPool, postgresUrl, uniqueSchemaName } from "./support/test-database.js";

/**
 * Connections the saver holds are killed under it, while operations run: by the server
 * (`pg_terminate_backend`, as a DBA or a failover does) and by the network (TCP reset).
 * Each operation either succeeds (the saver retried on a fresh connection) or rejects with
 * `BackendUnavailableError`; no `error` event or rejection reaches the process (the preset's
 * process-fault guard fails the test if one does); the next call works.
 */
const ROUNDS = 15;

async function busySaver(
  saver: PostgresSaver,
  threadId: string,
  rounds: number,
): Promise<unknown[]> {
  const failures: unknown[] = [];
  let config = threadConfig(threadId);
  for (let step = 0; step < rounds; step++) {
    const operations = [
      saver.put(config, makeCheckpoint({ step }), loopMetadata(step), { step: step + 1 }),
      saver.getTuple(config),
      collect(saver.list(threadConfig(threadId), { limit: 3 })),
    ];
    const outcomes = await Promise.allSettled(operations);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") failures.push(outcome.reason);
    }
    const put = outcomes[0];
    if (put?.status === "fulfilled") config = put.value as typeof config;
  }
  return failures;
}

/** Runs the saver busy while `kill` (which returns how many connections it killed) loops. */
async function terminateWhileBusy(
  saver: PostgresSaver,
  kill: () => Promise<number>,
): Promise<unknown[]> {
  let running = true;
  let killed = 0;
  const killer = (async () => {
    while (running) {
      killed += await kill();
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  })();
  try {
    return await busySaver(saver, `busy-${uniqueSchemaName()}`, ROUNDS);
  } finally {
    running = false;
    await killer;
    // A run in which nothing was killed would prove nothing.
    expect(killed).toBeGreaterThan(0);
  }
}

function expectOnlyUnavailable(failures: unknown[]): void {
  for (const failure of failures) {
    expect(BackendUnavailableError.isInstance(failure)).toBe(true);
  }
}

describe("the saver's backends are terminated while operations run", () => {
  let admin: pg.Pool;

  beforeAll(() => {
    admin = createTestPool();
  });

  afterAll(async () => {
    await admin.end();
  });

  const terminate = (applicationName: string) => async () => {
    const pids = await backendPidsOf(admin, applicationName);
    for (const pid of pids) await admin.query("SELECT pg_terminate_backend($1)", [pid]);
    return pids.length;
  };

  it("a saver that owns its pool: typed failures at most, and the next call works", async () => {
    const applicationName = "ck_terminated_owned";
    const saver = PostgresSaver.fromConnString(postgresUrl(), {
      schema: uniqueSchemaName(),
      poolOptions: { max: 3, application_name: applicationName },
    });
    try {
      await saver.setup();
      expectOnlyUnavailable(await terminateWhileBusy(saver, terminate(applicationName)));
      const config = await saver.put(
        threadConfig("after"),
        makeCheckpoint({ a: 1 }),
        loopMetadata(0),
        { a: 1 },
      );
      expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ a: 1 });
      await saver.pool.query(`DROP SCHEMA ${saver.schema.quoted} CASCADE`);
    } finally {
      await saver.close();
    }
  }, 60_000);

  it("a saver on the caller's pool (with the error listener the README asks for)", async () => {
    const applicationName = "ck_terminated_borrowed";
    const pool = new pg.Pool({
      connectionString: postgresUrl(),
      max: 3,
      application_name: applicationName,
    });
    pool.on("error", () => {});
    const saver = new PostgresSaver({ pool, schema: uniqueSchemaName() });
    try {
      await saver.setup();
      expectOnlyUnavailable(await terminateWhileBusy(saver, terminate(applicationName)));
      expect(await saver.getTuple(threadConfig("after"))).toBeUndefined();
      await pool.query(`DROP SCHEMA ${saver.schema.quoted} CASCADE`);
    } finally {
      await pool.end();
    }
  }, 60_000);
});

describe("TCP resets of the saver's connections while operations run", () => {
  it("typed failures at most, and the next call works", async () => {
    const proxy = await startFaultProxy({ targetUrl: postgresUrl() });
    const saver = PostgresSaver.fromConnString(proxy.url, {
      schema: uniqueSchemaName(),
      poolOptions: { max: 3 },
    });
    try {
      await saver.setup();
      expectOnlyUnavailable(
        await terminateWhileBusy(saver, async () => {
          const open = proxy.activeConnections;
          proxy.cutAll();
          return open;
        }),
      );
      expect(await saver.getTuple(threadConfig("after"))).toBeUndefined();
      await saver.pool.query(`DROP SCHEMA ${saver.schema.quoted} CASCADE`);
    } finally {
      await saver.close();
      await proxy.close();
    }
  }, 60_000);
});
