import { inspect } from "node:util";
import { type OwnedTestServer, startRedisServer } from "@checkpointkit/conformance";
import { BackendUnavailableError, InvalidConfigError } from "@checkpointkit/core";
import { Redis } from "ioredis";
import { RedisSaver } from "../src/index.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig, versionsOf } from "./fixtures.js";
import { closedPort } from "./ports.js";
import { timeRejection } from "./time-to-reject.js";

const PASSWORD = "Acl-pw-9f3e1c";
const WRONG_PASSWORD = "Wrong-pw-77d2a0";

/** Everything a logger could print about an error: inspect, JSON, and each cause's inspect. */
function everythingPrinted(error: unknown): string {
  const parts = [inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true })];
  parts.push(JSON.stringify(error) ?? "");
  for (let cause = (error as Error)?.cause; cause !== undefined; ) {
    parts.push(inspect(cause, { depth: Number.POSITIVE_INFINITY, showHidden: true }));
    cause = (cause as Error).cause;
  }
  return parts.join("\n");
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (caught: unknown) => caught as Error,
  );
}

describe("fromUrl with a URL that names the wrong thing", () => {
  let server: OwnedTestServer;

  beforeAll(async () => {
    server = await startRedisServer({
      extraArgs: [
        "--databases",
        "4",
        "--user",
        "app",
        "on",
        `>${PASSWORD}`,
        "~*",
        "&*",
        "+@all",
        // May log in and PING, but not run scripts.
        "--user",
        "no-scripts",
        "on",
        `>${PASSWORD}`,
        "~*",
        "&*",
        "+@all",
        "-@scripting",
      ],
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function keysInDatabase(db: number): Promise<number> {
    const admin = new Redis({ host: server.host, port: server.port, db, maxRetriesPerRequest: 1 });
    try {
      return await admin.dbsize();
    } finally {
      admin.disconnect();
    }
  }

  it("a database index the server does not have: InvalidConfigError, nothing written to db 0", async () => {
    const saver = RedisSaver.fromUrl(`redis://${server.host}:${server.port}/99`, {
      commandTimeoutMs: 3_000,
    });
    try {
      const { error: setupError } = await timeRejection("wrong database: setup", () =>
        saver.setup(),
      );
      expect(InvalidConfigError.isInstance(setupError)).toBe(true);
      expect(setupError.message).toMatch(/database 99/);
      const checkpoint = makeCheckpoint({ value: 1 });
      const putError = await failureOf(
        saver.put(threadConfig(), checkpoint, LOOP_METADATA, versionsOf(checkpoint)),
      );
      expect(InvalidConfigError.isInstance(putError)).toBe(true);
      expect(BackendUnavailableError.isInstance(putError)).toBe(false);
      expect(await keysInDatabase(0)).toBe(0);
    } finally {
      await saver.close();
    }
  });

  it("a database index the server has: the data lands there and nowhere else", async () => {
    const saver = RedisSaver.fromUrl(`redis://${server.host}:${server.port}/3`);
    try {
      await saver.setup();
      const checkpoint = makeCheckpoint({ value: 3 });
      const config = await saver.put(
        threadConfig(),
        checkpoint,
        LOOP_METADATA,
        versionsOf(checkpoint),
      );
      expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ value: 3 });
      expect(await keysInDatabase(3)).toBeGreaterThan(0);
      expect(await keysInDatabase(0)).toBe(0);
    } finally {
      await saver.close();
    }
  });

  it("a wrong password: non-retryable InvalidConfigError that never shows the password", async () => {
    const saver = RedisSaver.fromUrl(
      `redis://app:${WRONG_PASSWORD}@${server.host}:${server.port}/0`,
      { commandTimeoutMs: 3_000 },
    );
    try {
      for (const call of [() => saver.setup(), () => saver.getTuple(threadConfig())]) {
        const { error } = await timeRejection("auth failure (fromUrl)", call);
        expect(InvalidConfigError.isInstance(error)).toBe(true);
        expect(BackendUnavailableError.isInstance(error)).toBe(false);
        expect(error.message).toMatch(/authentication failed/i);
        expect(everythingPrinted(error)).not.toContain(WRONG_PASSWORD);
      }
    } finally {
      await saver.close();
    }
  });

  it("a wrong password on your own client: the same typed error", async () => {
    const client = new Redis({
      host: server.host,
      port: server.port,
      username: "app",
      password: WRONG_PASSWORD,
      maxRetriesPerRequest: 1,
    });
    client.on("error", () => {});
    try {
      const error = await failureOf(new RedisSaver({ client }).getTuple(threadConfig()));
      expect(InvalidConfigError.isInstance(error)).toBe(true);
      expect(error.message).toMatch(/authentication failed/i);
      expect(everythingPrinted(error)).not.toContain(WRONG_PASSWORD);
    } finally {
      client.disconnect();
    }
  });

  it("an ACL user without the commands the saver needs: InvalidConfigError, not retryable", async () => {
    const saver = RedisSaver.fromUrl(
      `redis://no-scripts:${PASSWORD}@${server.host}:${server.port}/0`,
    );
    try {
      await saver.setup();
      const error = await failureOf(saver.getTuple(threadConfig()));
      expect(InvalidConfigError.isInstance(error)).toBe(true);
      expect(error.message).toMatch(/permission/);
      expect(everythingPrinted(error)).not.toContain(PASSWORD);
    } finally {
      await saver.close();
    }
  });

  it("a malformed URL: InvalidConfigError whose cause does not keep the URL", () => {
    let error: unknown;
    try {
      RedisSaver.fromUrl(`redis://app:${PASSWORD}@[not-a-host`);
    } catch (caught) {
      error = caught;
    }
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect((error as Error & { cause?: { input?: unknown } }).cause?.input).toBeUndefined();
    expect(everythingPrinted(error)).not.toContain(PASSWORD);
  });
});

describe("fromUrl: an unreachable server says why", () => {
  it("connection refused says refused, not ioredis's retry-option text", async () => {
    const port = await closedPort();
    const saver = RedisSaver.fromUrl(`redis://127.0.0.1:${port}`, { commandTimeoutMs: 2_000 });
    try {
      const { error } = await timeRejection("refused: getTuple", () =>
        saver.getTuple(threadConfig()),
      );
      expect(BackendUnavailableError.isInstance(error)).toBe(true);
      expect(error.message).toMatch(/refused/i);
      expect(error.message).not.toMatch(/maxRetriesPerRequest|max retries/i);
    } finally {
      await saver.close();
    }
  });

  it("a host name that does not resolve says it was not found", async () => {
    // `.invalid` is reserved (RFC 6761): it never resolves, so no traffic leaves the machine.
    const saver = RedisSaver.fromUrl("redis://no-such-host.invalid:6379", {
      commandTimeoutMs: 2_000,
    });
    try {
      const { error } = await timeRejection("DNS not found: getTuple", () =>
        saver.getTuple(threadConfig()),
      );
      expect(BackendUnavailableError.isInstance(error)).toBe(true);
      expect(error.message).toMatch(/not found/i);
      expect(error.message).not.toMatch(/maxRetriesPerRequest|max retries/i);
    } finally {
      await saver.close();
    }
  });
});
