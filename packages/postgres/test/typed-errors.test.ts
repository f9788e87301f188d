import { inspect } from "node:util";
import {
  BackendUnavailableError,
  CorruptCheckpointError,
  InvalidConfigError,
} from "@checkpointkit/core";
import { PostgresSaver } from "../src/index.js";
import { closedPort, failureOf } from "./support/faults.js";
import { collect, loopMetadata, makeCheckpoint, threadConfig } from "./support/fixtures.js";
import {
  createSchemaSaver,
  createTestPool,
  postgresUrl,
  uniqueSchemaName,
} from "./support/test-database.js";

const SECRET = "Wr0ng-s3cret-Pa55";

/** Everything a logger could print of an error: message, stack, cause chain, inspect, JSON. */
function everythingPrinted(error: unknown): string {
  const parts = [String(error), (error as Error).stack ?? "", inspect(error, { depth: 10 })];
  try {
    parts.push(JSON.stringify(error));
  } catch {
    // Not serializable: nothing more a JSON logger could print.
  }
  return parts.join("\n");
}

function urlWith(change: (url: URL) => void): string {
  const url = new URL(postgresUrl());
  change(url);
  return url.toString();
}

async function firstCallFailure(connectionString: string): Promise<unknown> {
  const saver = PostgresSaver.fromConnString(connectionString, { connectionTimeoutMs: 5000 });
  try {
    return await failureOf(saver.getTuple(threadConfig("t")));
  } finally {
    await saver.close();
  }
}

describe("a login the server refuses is a non-retryable InvalidConfigError", () => {
  it.each([
    [
      "a wrong password",
      (url: URL) => {
        url.password = SECRET;
      },
      /password authentication failed/,
    ],
    [
      "a database that does not exist",
      (url: URL) => {
        url.pathname = "/no_such_database";
      },
      /database "no_such_database" does not exist/,
    ],
    [
      "a role that does not exist",
      (url: URL) => {
        url.username = "no_such_role";
        url.password = SECRET;
      },
      /no_such_role/,
    ],
  ])("%s", async (_name, change, expected) => {
    const error = await firstCallFailure(urlWith(change));
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(expected);
    expect(everythingPrinted(error)).not.toContain(SECRET);
  });
});

it("TLS asked for (sslmode=require) from a server without TLS is an InvalidConfigError that says so", async () => {
  const error = await firstCallFailure(
    urlWith((url) => {
      url.password = SECRET;
      url.searchParams.set("sslmode", "require");
    }),
  );
  expect(InvalidConfigError.isInstance(error)).toBe(true);
  expect((error as Error).message).toMatch(/does not support SSL/);
  expect(everythingPrinted(error)).not.toContain(SECRET);
});

it("a read-only server (a standby, a failover in progress) is a BackendUnavailableError", async () => {
  const admin = createTestPool();
  const database = uniqueSchemaName("ck_read_only");
  try {
    await admin.query(`CREATE DATABASE ${database}`);
    const url = urlWith((candidate) => {
      candidate.pathname = `/${database}`;
    });
    const saver = PostgresSaver.fromConnString(url);
    try {
      await saver.setup();
      await admin.query(`ALTER DATABASE ${database} SET default_transaction_read_only = on`);
      // New sessions start read-only; end the saver's existing one so it reconnects.
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
        [database],
      );
      const error = await failureOf(
        saver.put(threadConfig("t"), makeCheckpoint({}), loopMetadata(0), {}),
      );
      expect(BackendUnavailableError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/read-only/);
    } finally {
      await saver.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
});

describe("a connection string pg cannot use is refused at construction, without repeating it", () => {
  it.each([
    [
      "an unknown sslmode",
      `postgres://app:${SECRET}@127.0.0.1:5432/db?sslmode=bogus`,
      /sslmode "bogus"/,
    ],
    [
      "a port that is not a number",
      `postgres://app:${SECRET}@127.0.0.1:notaport/db`,
      /not a valid URL/,
    ],
    ["not a URL", `host=127.0.0.1 password=${SECRET}`, /not a valid URL/],
    ["another scheme", `mysql://app:${SECRET}@127.0.0.1/db`, /postgres:\/\//],
  ])("%s", (_name, connectionString, expected) => {
    let thrown: unknown;
    try {
      PostgresSaver.fromConnString(connectionString);
    } catch (error) {
      thrown = error;
    }
    expect(InvalidConfigError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(expected);
    expect(everythingPrinted(thrown)).not.toContain(SECRET);
    expect(everythingPrinted(thrown)).not.toContain("127.0.0.1");
  });
});

it.each([
  "postgres://app:pw@db.internal:5432/agents?sslmode=verify-full",
  "postgresql://app@db.internal/agents",
  "postgresql:///agents?host=/var/run/postgresql",
  "/var/run/postgresql agents",
])("a connection string pg accepts is accepted: %s", async (connectionString) => {
  const saver = PostgresSaver.fromConnString(connectionString);
  await saver.close();
});

describe("an unreachable server is a BackendUnavailableError that says why", () => {
  it("connection refused", async () => {
    const port = await closedPort();
    const error = await firstCallFailure(
      urlWith((url) => {
        url.port = String(port);
        url.password = SECRET;
      }),
    );
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/connection refused/);
    expect(everythingPrinted(error)).not.toContain(SECRET);
  });

  it("a host name DNS cannot resolve", async () => {
    const error = await firstCallFailure(
      urlWith((url) => {
        url.hostname = "no-such-host.invalid";
        url.password = SECRET;
      }),
    );
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/host not found/);
    expect(everythingPrinted(error)).not.toContain(SECRET);
  });
});

it("a saver whose setup() was never called says to call it", async () => {
  const pool = createTestPool();
  const saver = new PostgresSaver({ pool, schema: uniqueSchemaName("never_set_up") });
  try {
    for (const call of [
      () => saver.getTuple(threadConfig("t")),
      () => saver.put(threadConfig("t"), makeCheckpoint({}), loopMetadata(0), {}),
      () => collect(saver.list({})),
    ]) {
      const error = await failureOf(call());
      expect(InvalidConfigError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/call setup\(\)/);
    }
  } finally {
    await pool.end();
  }
});

it("a checkpoint whose channel_versions are not an object is a CorruptCheckpointError naming the thread", async () => {
  const context = await createSchemaSaver();
  try {
    const { saver, pool } = context;
    const threadId = "bad channel_versions";
    const config = await saver.put(
      threadConfig(threadId),
      makeCheckpoint({ a: 1 }),
      loopMetadata(0),
      { a: 1 },
    );
    await pool.query(
      `UPDATE ${saver.schema.qualify("checkpoints")} SET channel_versions = '[1, 2]' WHERE thread_id = $1`,
      [threadId],
    );
    for (const call of [
      () => saver.getTuple(config),
      () => collect(saver.list(threadConfig(threadId))),
    ]) {
      const error = await failureOf(call());
      expect(CorruptCheckpointError.isInstance(error)).toBe(true);
      expect((error as CorruptCheckpointError).location).toContain(JSON.stringify(threadId));
    }
  } finally {
    await context.dispose();
  }
});
