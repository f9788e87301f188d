import { inspect } from "node:util";
import { type FaultProxy, startFaultProxy } from "@checkpointkit/conformance";
import { BackendUnavailableError, InvalidConfigError } from "@checkpointkit/core";
import type { Redis } from "ioredis";
import { RedisStore } from "../src/store/index.js";
import { closedPort } from "./ports.js";
import { freshKeyPrefix, newClient, sharedRedisUrl } from "./redis-test-saver.js";
import { timeRejection } from "./time-to-reject.js";

const COMMAND_TIMEOUT_MS = 2_000;
/** Generous: the deadline plus scheduling noise on a busy machine. Never a speed assertion. */
const REJECT_BOUND_MS = COMMAND_TIMEOUT_MS + 2_500;

describe("RedisStore failures", () => {
  let proxy: FaultProxy;
  beforeEach(async () => {
    proxy = await startFaultProxy({ targetUrl: sharedRedisUrl() });
  });
  afterEach(async () => {
    await proxy.close();
  });

  it("a silent server: every operation rejects typed within commandTimeoutMs; after heal it works", async () => {
    const store = RedisStore.fromUrl(proxy.url, {
      keyPrefix: freshKeyPrefix("silent"),
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
      connectTimeoutMs: 500,
    });
    try {
      await store.put(["a", "b"], "k", { v: 1 });
      proxy.blackhole(true);
      for (const [name, call] of [
        ["put", () => store.put(["a", "b"], "k", { v: 2 })],
        ["get", () => store.get(["a", "b"], "k")],
        ["search", () => store.search(["a"], { limit: 5 })],
        ["listNamespaces", () => store.listNamespaces()],
      ] as const) {
        const { error, elapsedMs } = await timeRejection(`store ${name}`, call);
        expect(BackendUnavailableError.isInstance(error)).toBe(true);
        expect(error.message).toMatch(/timed out/i);
        expect(elapsedMs).toBeLessThan(REJECT_BOUND_MS);
      }
      await proxy.heal();
      expect((await store.get(["a", "b"], "k"))?.value).toBeDefined();
    } finally {
      await store.close();
    }
  }, 30_000);
});

describe("RedisStore input and ownership", () => {
  let client: Redis;
  beforeAll(() => {
    client = newClient();
  });
  afterAll(async () => {
    await client.quit();
  });

  it("an unreachable server fails typed, and no password appears in the error", async () => {
    const port = await closedPort();
    const store = RedisStore.fromUrl(`redis://user:s3cret-pw@127.0.0.1:${port}`, {
      commandTimeoutMs: 1_500,
      connectTimeoutMs: 300,
    });
    try {
      const { error } = await timeRejection("store unreachable", () => store.get(["a"], "k"));
      expect(BackendUnavailableError.isInstance(error)).toBe(true);
      expect(inspect(error, { depth: 10 })).not.toContain("s3cret-pw");
    } finally {
      await store.close();
    }
  }, 15_000);

  it("a failing embedding model leaves the batch unwritten; a vector of the wrong length is refused", async () => {
    let fail = true;
    const store = new RedisStore({
      client,
      keyPrefix: freshKeyPrefix("embed"),
      index: {
        dims: 8,
        embed: async (texts) => {
          if (fail) throw new Error("model down");
          return texts.map(() => [1, 2, 3]);
        },
      },
    });
    await expect(
      store.batch([
        { namespace: ["n"], key: "plain", value: { a: 1 }, index: false },
        { namespace: ["n"], key: "embedded", value: { a: 2 } },
      ]),
    ).rejects.toThrow("model down");
    expect(await store.search(["n"])).toEqual([]);
    fail = false;
    const refused = await store.put(["n"], "short", { a: 3 }).catch((error: unknown) => error);
    expect(InvalidConfigError.isInstance(refused)).toBe(true);
    expect(await store.search(["n"])).toEqual([]);
  });

  it("refuses bad options at construction, typed", () => {
    for (const options of [
      { shardCount: 0 },
      { shardDepth: 1.5 },
      { ttlSeconds: -1 },
      { keyPrefix: "a{b}" },
      { index: { dims: 0, embed: async () => [] } },
      { index: { dims: 4, embed: async () => [], fields: ["a[x"] } },
    ]) {
      const error = (() => {
        try {
          new RedisStore({ client, ...options });
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(InvalidConfigError.isInstance(error)).toBe(true);
    }
  });

  it("a store given your client never closes it", async () => {
    const store = new RedisStore({ client, keyPrefix: freshKeyPrefix("borrowed") });
    await store.put(["a"], "k", { v: 1 });
    await store.close();
    expect(await client.ping()).toBe("PONG");
  });
});
