import {
  type OwnedTestServer,
  startFaultProxy,
  startPostgresServer,
} from "@checkpointkit/conformance";
import { BackendUnavailableError, InvalidConfigError } from "@checkpointkit/core";
import { PostgresSaver } from "../src/index.js";
import { closedPort, failureWithin, silentServer } from "./support/faults.js";
import { loopMetadata, makeCheckpoint, threadConfig } from "./support/fixtures.js";
import { postgresUrl, uniqueSchemaName } from "./support/test-database.js";

/**
 * The fault matrix of the README's error table, measured: for each fault, which error a call
 * gets and how long it takes to get it, with small deadlines so the run is short. The bounds
 * asserted are generous (a pending call is the defect, not a slow one); the measured times
 * are printed as a table at the end (`pnpm exec jest test/fault-timings.test.ts`).
 */
const CONNECTION_TIMEOUT_MS = 1000;
const QUERY_TIMEOUT_MS = 2000;
const BOUND_MS = 15_000;
const DEADLINES = { connectionTimeoutMs: CONNECTION_TIMEOUT_MS, queryTimeoutMs: QUERY_TIMEOUT_MS };

const measured: Array<{ fault: string; error: string; ms: number }> = [];

async function expectRejection(
  fault: string,
  call: Promise<unknown>,
  errorClass: { isInstance(error: unknown): boolean; name: string },
  message: RegExp,
): Promise<void> {
  const { error, elapsedMs } = await failureWithin(call, BOUND_MS);
  measured.push({
    fault,
    error: `${(error as Error).name}: ${(error as Error).message}`,
    ms: elapsedMs,
  });
  expect(errorClass.isInstance(error)).toBe(true);
  expect((error as Error).message).toMatch(message);
}

function urlWith(change: (url: URL) => void): string {
  const url = new URL(postgresUrl());
  change(url);
  return url.toString();
}

async function withSaver(url: string, use: (saver: PostgresSaver) => Promise<void>): Promise<void> {
  const saver = PostgresSaver.fromConnString(url, { ...DEADLINES, schema: uniqueSchemaName() });
  try {
    await use(saver);
  } finally {
    await saver.close();
  }
}

afterAll(() => {
  const rows = measured.map(({ fault, error, ms }) => `| ${fault} | ${ms} ms | ${error} |`);
  console.log(["| fault | time to reject | error |", "|---|---|---|", ...rows].join("\n"));
});

it("connection refused", async () => {
  const port = await closedPort();
  await withSaver(
    urlWith((url) => {
      url.port = String(port);
    }),
    (saver) =>
      expectRejection(
        "refused",
        saver.getTuple(threadConfig("t")),
        BackendUnavailableError,
        /refused/,
      ),
  );
});

it("DNS failure", async () => {
  await withSaver(
    urlWith((url) => {
      url.hostname = "no-such-host.invalid";
    }),
    (saver) =>
      expectRejection(
        "DNS failure",
        saver.getTuple(threadConfig("t")),
        BackendUnavailableError,
        /not found/,
      ),
  );
});

it("accepts but never answers", async () => {
  const { server, port } = await silentServer();
  try {
    await withSaver(
      urlWith((url) => {
        url.port = String(port);
      }),
      (saver) =>
        expectRejection(
          "accepts-but-silent",
          saver.getTuple(threadConfig("t")),
          BackendUnavailableError,
          /timed out/,
        ),
    );
  } finally {
    server.close();
  }
});

it("established, then silent (blackhole); works again after heal", async () => {
  const proxy = await startFaultProxy({ targetUrl: postgresUrl() });
  try {
    await withSaver(proxy.url, async (saver) => {
      await saver.setup();
      const config = await saver.put(threadConfig("t"), makeCheckpoint({ a: 1 }), loopMetadata(0), {
        a: 1,
      });
      proxy.blackhole(true);
      await expectRejection(
        "established-then-silent",
        saver.getTuple(config),
        BackendUnavailableError,
        /timed out/,
      );
      await proxy.heal();
      expect(await saver.getTuple(config)).toBeDefined();
      await saver.pool.query(`DROP SCHEMA ${saver.schema.quoted} CASCADE`);
    });
  } finally {
    await proxy.close();
  }
}, 30_000);

it("reset mid-operation, and the retry refused too; works again after heal", async () => {
  const proxy = await startFaultProxy({ targetUrl: postgresUrl() });
  try {
    await withSaver(proxy.url, async (saver) => {
      await saver.setup();
      const config = await saver.put(threadConfig("t"), makeCheckpoint({ a: 1 }), loopMetadata(0), {
        a: 1,
      });
      proxy.setLatencyMs(300);
      const call = saver.getTuple(config);
      await new Promise((resolve) => setTimeout(resolve, 100));
      proxy.refuseNew(true);
      proxy.cutAll();
      await expectRejection(
        "reset mid-operation",
        call,
        BackendUnavailableError,
        /reset|refused|lost/,
      );
      await proxy.heal();
      expect(await saver.getTuple(config)).toBeDefined();
      await saver.pool.query(`DROP SCHEMA ${saver.schema.quoted} CASCADE`);
    });
  } finally {
    await proxy.close();
  }
}, 30_000);

describe("SIGKILL of the server, then restart", () => {
  let server: OwnedTestServer;

  beforeAll(async () => {
    server = await startPostgresServer();
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("rejects while down, the first call after the restart succeeds, acknowledged writes survive", async () => {
    await withSaver(server.url, async (saver) => {
      await saver.setup();
      const config = await saver.put(threadConfig("t"), makeCheckpoint({ a: 1 }), loopMetadata(0), {
        a: 1,
      });
      await server.kill();
      await expectRejection(
        "SIGKILL (while down)",
        saver.getTuple(config),
        BackendUnavailableError,
        /refused/,
      );
      await server.restart();
      expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ a: 1 });
    });
  }, 120_000);
});

it("authentication failure", async () => {
  await withSaver(
    urlWith((url) => {
      url.password = "wrong-password";
    }),
    (saver) =>
      expectRejection(
        "auth failure",
        saver.getTuple(threadConfig("t")),
        InvalidConfigError,
        /password authentication failed/,
      ),
  );
});

it("wrong database", async () => {
  await withSaver(
    urlWith((url) => {
      url.pathname = "/no_such_database";
    }),
    (saver) =>
      expectRejection(
        "wrong database",
        saver.getTuple(threadConfig("t")),
        InvalidConfigError,
        /does not exist/,
      ),
  );
});
