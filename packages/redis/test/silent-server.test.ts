import {
  type FaultProxy,
  type OwnedTestServer,
  startFaultProxy,
  startRedisServer,
} from "@checkpointkit/conformance";
import { BackendUnavailableError } from "@checkpointkit/core";
import { Redis } from "ioredis";
import { RedisSaver } from "../src/index.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig, versionsOf } from "./fixtures.js";
import { timeRejection } from "./time-to-reject.js";

/**
 * The first call after a fault heals works when the deadline covers one dead handshake
 * (`CONNECT_TIMEOUT_MS`) plus the longest pause between reconnect attempts (1 s), as the
 * README says.
 */
const COMMAND_TIMEOUT_MS = 2_000;
const CONNECT_TIMEOUT_MS = 500;
/** Generous: the deadline plus scheduling noise on a busy machine. Never a speed assertion. */
const REJECT_BOUND_MS = COMMAND_TIMEOUT_MS + 2_500;

/** The settings the README recommends for your own client. */
function ownClient(url: string): Redis {
  const client = new Redis(url, {
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, 1_000),
  });
  client.on("error", () => {});
  return client;
}

const SAVERS: [string, (url: string) => { saver: RedisSaver; release(): Promise<void> }][] = [
  [
    "fromUrl",
    (url) => {
      const saver = RedisSaver.fromUrl(url, {
        commandTimeoutMs: COMMAND_TIMEOUT_MS,
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
      });
      return { saver, release: () => saver.close() };
    },
  ],
  [
    "your own client",
    (url) => {
      const client = ownClient(url);
      const saver = new RedisSaver({ client, commandTimeoutMs: COMMAND_TIMEOUT_MS });
      return {
        saver,
        release: async () => {
          client.disconnect();
        },
      };
    },
  ],
];

describe.each(SAVERS)("a server that goes silent, saver over %s", (label, makeSaver) => {
  let server: OwnedTestServer;
  let proxy: FaultProxy;

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    proxy = await startFaultProxy({ targetUrl: server.url });
  });
  afterEach(async () => {
    await proxy.close();
  });

  async function expectTimedOut(fault: string, call: () => Promise<unknown>): Promise<void> {
    const { error, elapsedMs } = await timeRejection(`${fault} (${label})`, call);
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/timed out/i);
    expect(elapsedMs).toBeLessThan(REJECT_BOUND_MS);
  }

  async function expectWorks(saver: RedisSaver): Promise<void> {
    const checkpoint = makeCheckpoint({ healed: true });
    const config = await saver.put(
      threadConfig(),
      checkpoint,
      LOOP_METADATA,
      versionsOf(checkpoint),
    );
    expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ healed: true });
  }

  it("established, then silent: every operation rejects in time, the next call after heal works", async () => {
    const { saver, release } = makeSaver(proxy.url);
    try {
      await expectWorks(saver);
      proxy.blackhole(true);
      const checkpoint = makeCheckpoint({ lost: true });
      await expectTimedOut("established-then-silent put", () =>
        saver.put(threadConfig(), checkpoint, LOOP_METADATA, versionsOf(checkpoint)),
      );
      await expectTimedOut("established-then-silent getTuple", () =>
        saver.getTuple(threadConfig()),
      );
      await expectTimedOut("established-then-silent list", async () => {
        for await (const _tuple of saver.list({})) {
          // drain
        }
      });
      await proxy.heal();
      await expectWorks(saver);
    } finally {
      await release();
    }
  });

  it("reset in the middle of an operation: rejects in time or succeeds, and the saver goes on", async () => {
    const { saver, release } = makeSaver(proxy.url);
    try {
      await expectWorks(saver);
      proxy.setLatencyMs(300);
      const checkpoint = makeCheckpoint({ interrupted: true });
      const config = threadConfig();
      const startedAt = performance.now();
      const put = saver.put(config, checkpoint, LOOP_METADATA, versionsOf(checkpoint)).then(
        () => undefined,
        (caught: unknown) => caught as Error,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      proxy.cutAll();
      proxy.setLatencyMs(0);
      const error = await put;
      expect(performance.now() - startedAt).toBeLessThan(REJECT_BOUND_MS);
      if (error !== undefined) expect(BackendUnavailableError.isInstance(error)).toBe(true);
      else expect((await saver.getTuple(config))?.checkpoint.id).toBe(checkpoint.id);
      await expectWorks(saver);
    } finally {
      await release();
    }
  });
});

describe("a server that accepts connections and never answers (fromUrl)", () => {
  let server: OwnedTestServer;
  let proxy: FaultProxy;

  beforeAll(async () => {
    server = await startRedisServer();
    proxy = await startFaultProxy({ targetUrl: server.url });
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
  });

  it("setup and every operation reject in time; the first call after heal works", async () => {
    proxy.blackhole(true);
    const saver = RedisSaver.fromUrl(proxy.url, {
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
    });
    try {
      for (const [operation, call] of [
        ["setup", () => saver.setup()],
        ["getTuple", () => saver.getTuple(threadConfig())],
        ["deleteThread", () => saver.deleteThread("t")],
      ] as const) {
        const { error, elapsedMs } = await timeRejection(
          `accepts-but-silent ${operation} (fromUrl)`,
          call,
        );
        expect(BackendUnavailableError.isInstance(error)).toBe(true);
        expect(error.message).toMatch(/timed out/i);
        expect(elapsedMs).toBeLessThan(REJECT_BOUND_MS);
      }
      await proxy.heal();
      await saver.setup();
    } finally {
      await saver.close();
    }
  });
});
