import { type OwnedTestServer, startPostgresServer } from "@checkpointkit/conformance";
import { BackendUnavailableError, CorruptCheckpointError } from "@checkpointkit/core";
import { PostgresSaver } from "../src/index.js";
import { failureOf, silentServer } from "./support/faults.js";
import { loopMetadata, makeCheckpoint, threadConfig } from "./support/fixtures.js";
import {
  createSchemaSaver,
  createTestPool,
  postgresUrl,
  uniqueSchemaName,
} from "./support/test-database.js";

const SECRET = "s3cret-Pa55word";

function expectNoSecret(error: unknown): void {
  const cause = (error as { cause?: unknown }).cause;
  const text = [String(error), (error as Error).stack, String(cause), JSON.stringify(error)].join(
    "\n",
  );
  expect(text).not.toContain(SECRET);
}

describe("unreachable server", () => {
  it("a refused connection is a BackendUnavailableError without the URL's password", async () => {
    const { server, port } = await silentServer();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const saver = PostgresSaver.fromConnString(
      `postgres://postgres:${SECRET}@127.0.0.1:${port}/postgres`,
    );
    try {
      const error = await failureOf(saver.getTuple(threadConfig("t")));
      expect(BackendUnavailableError.isInstance(error)).toBe(true);
      expect((error as BackendUnavailableError).backend).toBe("postgres");
      expectNoSecret(error);
      expectNoSecret(await failureOf(saver.setup()));
    } finally {
      await saver.close();
    }
  });

  it("a server that never answers fails after connectionTimeoutMs with BackendUnavailableError", async () => {
    const { server, port } = await silentServer();
    const saver = PostgresSaver.fromConnString(
      `postgres://postgres:${SECRET}@127.0.0.1:${port}/postgres`,
      {
        connectionTimeoutMs: 300,
      },
    );
    try {
      const error = await failureOf(
        saver.put(threadConfig("t"), makeCheckpoint({}), loopMetadata(0), {}),
      );
      expect(BackendUnavailableError.isInstance(error)).toBe(true);
      expectNoSecret(error);
    } finally {
      await saver.close();
      server.close();
    }
  });
});

describe("connection strings and pools", () => {
  it("honours sslmode=disable in the URL, and close() ends only a pool the saver created", async () => {
    const url = new URL(postgresUrl());
    url.searchParams.set("sslmode", "disable");
    const schema = uniqueSchemaName();
    const owned = PostgresSaver.fromConnString(url.toString(), { schema });
    await owned.setup();
    const config = await owned.put(threadConfig("ssl"), makeCheckpoint({ a: 1 }), loopMetadata(0), {
      a: 1,
    });
    expect((await owned.getTuple(config))?.checkpoint.channel_values).toEqual({ a: 1 });
    await owned.close();
    expect(owned.pool.ended).toBe(true);

    const pool = createTestPool();
    try {
      const borrowed = new PostgresSaver({ pool, schema });
      expect((await borrowed.getTuple(config))?.checkpoint.channel_values).toEqual({ a: 1 });
      await borrowed.close();
      expect(pool.ended).toBe(false);
      await pool.query(`DROP SCHEMA ${borrowed.schema.quoted} CASCADE`);
    } finally {
      await pool.end();
    }
  });

  it("statementTimeoutMs cancels a statement stuck behind a lock with BackendUnavailableError", async () => {
    const context = await createSchemaSaver();
    const lockHolder = await context.pool.connect();
    const saver = PostgresSaver.fromConnString(postgresUrl(), {
      schema: context.saver.schema.name,
      statementTimeoutMs: 200,
    });
    try {
      await lockHolder.query("BEGIN");
      await lockHolder.query(
        `LOCK TABLE ${context.saver.schema.qualify("checkpoints")} IN ACCESS EXCLUSIVE MODE`,
      );
      const error = await failureOf(saver.getTuple(threadConfig("t")));
      expect(BackendUnavailableError.isInstance(error)).toBe(true);
      expect(((error as Error).cause as { code?: string }).code).toBe("57014");
    } finally {
      await lockHolder.query("ROLLBACK");
      lockHolder.release();
      await saver.close();
      await context.dispose();
    }
  });
});

describe("server killed and restarted", () => {
  let server: OwnedTestServer;

  beforeAll(async () => {
    server = await startPostgresServer();
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("fails with BackendUnavailableError while down, and the next call after the restart succeeds", async () => {
    const saver = PostgresSaver.fromConnString(server.url, { connectionTimeoutMs: 2000 });
    try {
      await saver.setup();
      const config = await saver.put(
        threadConfig("durable"),
        makeCheckpoint({ kept: "yes" }),
        loopMetadata(0),
        { kept: 1 },
      );
      expect(await saver.getTuple(config)).toBeDefined();

      await server.kill();
      expect(BackendUnavailableError.isInstance(await failureOf(saver.getTuple(config)))).toBe(
        true,
      );

      await server.restart();
      // The pool's clients died with the server: the saver gets a fresh connection.
      expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ kept: "yes" });
      await saver.put(config, makeCheckpoint({ kept: "again" }), loopMetadata(1), { kept: 2 });
    } finally {
      await saver.close();
    }
  }, 120_000);

  it("a pooled connection that died while idle is replaced without failing the call", async () => {
    const saver = PostgresSaver.fromConnString(server.url, { poolOptions: { max: 1 } });
    try {
      await saver.setup();
      await saver.getTuple(threadConfig("warm"));
      await server.kill();
      await server.restart();
      expect(await saver.getTuple(threadConfig("warm"))).toBeUndefined();
    } finally {
      await saver.close();
    }
  }, 120_000);
});

describe("corrupt rows", () => {
  it("an undecodable checkpoint, value or write is a CorruptCheckpointError naming the row", async () => {
    const context = await createSchemaSaver();
    try {
      const { saver, pool } = context;
      const corruptions = {
        checkpoints: "SET checkpoint = '\\x7b6e6f7420', checkpoint_type = 'json'",
        checkpoint_blobs: "SET type = 'no-such-serde-type'",
        checkpoint_writes: "SET blob = '\\xff00ff'",
      };
      for (const [table, assignment] of Object.entries(corruptions)) {
        const threadId = `corrupt ${table}`;
        const config = await saver.put(
          threadConfig(threadId),
          makeCheckpoint({ a: 1 }),
          loopMetadata(0),
          { a: 1 },
        );
        await saver.putWrites(config, [["a", 2]], "task");
        expect(await saver.getTuple(config)).toBeDefined();
        await pool.query(
          `UPDATE ${saver.schema.qualify(table)} ${assignment} WHERE thread_id = $1`,
          [threadId],
        );
        const error = await failureOf(saver.getTuple(config));
        expect(CorruptCheckpointError.isInstance(error)).toBe(true);
        expect((error as CorruptCheckpointError).location).toContain(JSON.stringify(threadId));
      }
    } finally {
      await context.dispose();
    }
  });
});
