import { startFaultProxy } from "@checkpointkit/conformance";
import { encodeKeyPart } from "@checkpointkit/core";
import pg from "pg";
import { acknowledgedFromLines } from "./support/acknowledged.js";
import {
  freshKeyPrefix,
  postgresColdTier,
  requiredEnv,
  type TestPostgresColdTier,
} from "./support/test-tiers.js";
import { waitUntil } from "./support/wait-until.js";
import { startWorker, type WorkerProcess } from "./support/worker-process.js";

/**
 * The advisory lock class the PostgreSQL cold tier orders writes and deletes of a thread
 * with. Holding the thread's exclusive lock is what a `deleteThread` in progress does: a
 * flush of that thread then waits, inside a checked-out connection, for the lock.
 */
const FENCE_LOCK_CLASS = 0x434b5446;

/**
 * PostgreSQL connections dropped under a running flusher. A dropped connection must come
 * back as a retried flush, never as an `'error'` event without a listener, which ends the
 * process.
 */
describe("PostgreSQL connection faults", () => {
  let tier: TestPostgresColdTier;
  let admin: pg.Client;
  let worker: WorkerProcess | undefined;

  beforeEach(async () => {
    tier = await postgresColdTier();
    await tier.cold.setup();
    admin = new pg.Client({ connectionString: requiredEnv("POSTGRES_URL") });
    await admin.connect();
  });
  afterEach(async () => {
    await worker?.kill();
    worker = undefined;
    await admin.end();
    await tier.drop();
  });

  /** Backends of the worker's pool waiting for an advisory lock. */
  async function lockWaiters(applicationName: string): Promise<number> {
    const { rows } = await admin.query<{ waiting: string }>(
      `SELECT count(*)::text AS waiting FROM pg_stat_activity
       WHERE application_name = $1 AND wait_event_type = 'Lock'`,
      [applicationName],
    );
    return Number(rows[0]?.waiting ?? 0);
  }

  it.each([
    ["pg_terminate_backend", "terminate"],
    ["a TCP reset", "reset"],
  ] as const)(
    "%s on the flusher's connections while a flush waits: the process lives on and flushes everything",
    async (_name, fault) => {
      const proxy = await startFaultProxy({ targetUrl: requiredEnv("POSTGRES_URL") });
      const applicationName = `ck-terminated-${process.pid}-${Date.now()}`;
      const threadId = "terminated";
      // Held on a connection of its own: `admin` reads pg_stat_activity, which a transaction
      // would only ever see as of its first read.
      const deleter = new pg.Client({ connectionString: requiredEnv("POSTGRES_URL") });
      await deleter.connect();
      await deleter.query("BEGIN");
      await deleter.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [
        FENCE_LOCK_CLASS,
        encodeKeyPart(threadId),
      ]);
      worker = startWorker(
        {
          redisUrl: requiredEnv("REDIS_URL"),
          postgresUrl: proxy.url,
          schema: tier.schema,
          keyPrefix: freshKeyPrefix(),
          applicationName,
          threadId,
          count: 5,
        },
        "connection-fault-worker.ts",
      );
      await waitUntil(async () => (await lockWaiters(applicationName)) > 0, "a flush waits", {
        timeoutMs: 30_000,
      }).catch((error) => {
        throw new Error(`${String(error)}; worker stderr: ${worker?.stderr()}`);
      });
      if (fault === "reset") proxy.cutAll();
      else {
        await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
          [applicationName],
        );
      }
      await deleter.end();

      await worker.waitForLine(/^CLOSED$/, 30_000);
      expect(await worker.exited).toBe(0);
      expect(worker.stderr()).not.toMatch(/Unhandled|uncaught/i);
      const acknowledged = acknowledgedFromLines(worker.lines).get(threadId);
      expect(acknowledged).toHaveLength(5);
      expect((await tier.storedCheckpointIds()).get(threadId)).toEqual(acknowledged);
      await proxy.close();
    },
    90_000,
  );
});
