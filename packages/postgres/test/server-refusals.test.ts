import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { BackendUnavailableError } from "@checkpointkit/core";
import pg from "pg";
import { toSaverError } from "../src/backend-errors.js";
import { PostgresSaver } from "../src/index.js";
import { eventually, failureOf, failureWithin } from "./support/faults.js";
import { threadConfig } from "./support/fixtures.js";
import { createTestPool, postgresUrl, uniqueSchemaName } from "./support/test-database.js";

/** A plain session of the test server, outside any saver, whose errors the test reads. */
async function openSession(url = postgresUrl()): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  return client;
}

/** The SQLSTATE of a real server error, checked so a test never asserts on the wrong fault. */
function sqlStateOf(error: unknown): unknown {
  return (error as { code?: unknown }).code;
}

function expectRetryableRollback(serverError: unknown, why: RegExp): void {
  const error = toSaverError(serverError, "put");
  expect(BackendUnavailableError.isInstance(error)).toBe(true);
  expect((error as BackendUnavailableError).backend).toBe("postgres");
  const message = (error as Error).message;
  expect(message).toMatch(/rolled the transaction back/);
  expect(message).toMatch(why);
  expect(message).toMatch(/retrying is safe/);
}

describe("a transaction the server rolls back (SQLSTATE class 40) is a retryable BackendUnavailableError", () => {
  const admin = createTestPool();
  const schema = uniqueSchemaName("ck_rollback");
  const table = `${pg.escapeIdentifier(schema)}.scratch`;
  let first: pg.Client;
  let second: pg.Client;

  beforeAll(async () => {
    await admin.query(`CREATE SCHEMA ${pg.escapeIdentifier(schema)}`);
    await admin.query(`CREATE TABLE ${table} (id int PRIMARY KEY, value int NOT NULL)`);
  });

  beforeEach(async () => {
    await admin.query(`TRUNCATE ${table}`);
    await admin.query(`INSERT INTO ${table} VALUES (1, 0), (2, 0)`);
    first = await openSession();
    second = await openSession();
  });

  afterEach(async () => {
    await Promise.all([first.end(), second.end()]);
  });

  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
    await admin.end();
  });

  it("40P01 deadlock_detected", async () => {
    for (const session of [first, second]) {
      // The check runs once a lock wait lasts this long; the default second only slows the test.
      await session.query("SET deadlock_timeout = '100ms'");
      await session.query("BEGIN");
    }
    await first.query(`UPDATE ${table} SET value = 1 WHERE id = 1`);
    await second.query(`UPDATE ${table} SET value = 2 WHERE id = 2`);
    const firstWaits = first.query(`UPDATE ${table} SET value = 1 WHERE id = 2`);
    const firstPid = (first as unknown as { processID: number }).processID;
    await eventually("the first session to wait for the second's row lock", async () => {
      const { rows } = await admin.query(
        "SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'",
        [firstPid],
      );
      return rows.length > 0;
    });
    const secondCloses = second.query(`UPDATE ${table} SET value = 2 WHERE id = 1`);
    const outcomes = await Promise.allSettled([firstWaits, secondCloses]);
    const failures = outcomes.flatMap((outcome) =>
      outcome.status === "rejected" ? [outcome.reason as unknown] : [],
    );
    await Promise.all([first.query("ROLLBACK"), second.query("ROLLBACK")]);

    expect(failures).toHaveLength(1);
    expect(sqlStateOf(failures[0])).toBe("40P01");
    expectRetryableRollback(failures[0], /deadlock detected/);
  });

  it("40001 serialization_failure", async () => {
    await first.query("BEGIN ISOLATION LEVEL SERIALIZABLE");
    // The snapshot is taken by the first statement, before the other transaction's update.
    await first.query(`SELECT value FROM ${table} WHERE id = 1`);
    await second.query("BEGIN ISOLATION LEVEL SERIALIZABLE");
    await second.query(`UPDATE ${table} SET value = 2 WHERE id = 1`);
    await second.query("COMMIT");
    const serverError = await failureOf(first.query(`UPDATE ${table} SET value = 1 WHERE id = 1`));
    await first.query("ROLLBACK");

    expect(sqlStateOf(serverError)).toBe("40001");
    expectRetryableRollback(serverError, /serialization failure/);
  });
});

describe("a server out of resources (SQLSTATE class 53) is a retryable BackendUnavailableError", () => {
  it("53300 too_many_connections: the role's connection limit is taken, and the saver recovers once it is free", async () => {
    const admin = createTestPool();
    const role = uniqueSchemaName("ck_limited");
    const password = randomBytes(12).toString("hex");
    const schema = uniqueSchemaName("ck_limited_schema");
    const database = new URL(postgresUrl()).pathname.slice(1) || "postgres";
    try {
      await admin.query(
        `CREATE ROLE ${role} LOGIN CONNECTION LIMIT 1 PASSWORD ${pg.escapeLiteral(password)}`,
      );
      await admin.query(`GRANT CREATE ON DATABASE ${pg.escapeIdentifier(database)} TO ${role}`);
      const roleUrl = new URL(postgresUrl());
      roleUrl.username = role;
      roleUrl.password = password;
      const holder = await openSession(roleUrl.toString());
      const connectionTimeoutMs = 2000;
      const saver = PostgresSaver.fromConnString(roleUrl.toString(), {
        schema,
        connectionTimeoutMs,
        queryTimeoutMs: 3000,
      });
      try {
        // The server refuses the login at once: the call must not wait past its connection deadline.
        const { error } = await failureWithin(
          saver.getTuple(threadConfig("t")),
          connectionTimeoutMs,
        );
        expect(BackendUnavailableError.isInstance(error)).toBe(true);
        expect((error as BackendUnavailableError).backend).toBe("postgres");
        expect((error as Error).message).toMatch(/out of resources \(too many connections\)/);
        expect(sqlStateOf((error as Error).cause)).toBe("53300");
        expect(inspect(error, { depth: 10 })).not.toContain(password);

        await holder.end();
        // The server frees the role's slot when the backend process has exited, not when the
        // client hung up.
        await eventually("the held session of the role to end", async () => {
          const { rows } = await admin.query("SELECT 1 FROM pg_stat_activity WHERE usename = $1", [
            role,
          ]);
          return rows.length === 0;
        });
        await saver.setup();
        await expect(saver.getTuple(threadConfig("t"))).resolves.toBeUndefined();
      } finally {
        await holder.end().catch(() => {});
        await saver.close();
      }
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
      await admin.query(`REVOKE CREATE ON DATABASE ${pg.escapeIdentifier(database)} FROM ${role}`);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  });

  it("53400 configuration_limit_exceeded: a sort that spills past temp_file_limit", async () => {
    const session = await openSession();
    try {
      await session.query("SET work_mem = '64kB'");
      await session.query("SET temp_file_limit = '64kB'");
      const serverError = await failureOf(
        session.query("SELECT g FROM generate_series(1, 200000) AS g ORDER BY g DESC"),
      );
      expect(sqlStateOf(serverError)).toBe("53400");
      const error = toSaverError(serverError, "list");
      expect(BackendUnavailableError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(
        /out of resources \(configuration limit exceeded\).*temp_file_limit/,
      );
    } finally {
      await session.end();
    }
  });
});
