import { randomUUID } from "node:crypto";
import { Agent } from "node:https";
import { inspect } from "node:util";
import type { ConnectionPolicy, CosmosClient } from "@azure/cosmos";
import {
  type CosmosTestServer,
  collect,
  createCosmosTestClient,
  type FaultProxy,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  startFaultProxy,
  threadConfig,
} from "@checkpointkit/conformance";
import { BackendUnavailableError, InvalidConfigError } from "@checkpointkit/core";
import { CosmosSaver } from "../src/index.js";
import { newClient, sharedServer, TEST_DATABASE_ID } from "./cosmos-test-saver.js";
import {
  refusedEndpoint,
  startRefusingAuthEndpoint,
  startSilentEndpoint,
  UNRESOLVABLE_ENDPOINT,
} from "./fault-endpoints.js";
import { type FaultTiming, recordFaultTiming, reportFaultTimings } from "./fault-timings.js";

/** Short deadlines keep the suite quick; the defaults are documented in the README. */
const DEADLINES = { operationTimeoutMs: 2_000, requestTimeoutMs: 1_000 };
/** Generous slack over the deadline: these assert "ends", never "is fast". */
const SLACK_MS = 2_500;

let server: CosmosTestServer;
// Eleven operations per fault at once, each allowed its deadline plus slack.
jest.setTimeout(90_000);

beforeAll(async () => {
  server = await sharedServer();
});

afterAll(() => reportFaultTimings());

/** What every operation is asked to do while the fault lasts. */
function operations(saver: CosmosSaver): Record<string, () => Promise<unknown>> {
  const threadId = freshThreadId();
  const checkpoint = makeCheckpoint({ topic: "billing" });
  const writesConfig = {
    configurable: { thread_id: threadId, checkpoint_ns: "", checkpoint_id: checkpoint.id },
  };
  return {
    put: () =>
      saver.put(threadConfig(threadId), checkpoint, makeMetadata(), checkpoint.channel_versions),
    putWrites: () => saver.putWrites(writesConfig, [["topic", "x"]], "task"),
    getTuple: () => saver.getTuple(threadConfig(threadId)),
    list: () => collect(saver.list(threadConfig(threadId))),
    listEveryThread: () => collect(saver.list({}, { limit: 5 })),
    getDeltaChannelHistory: () =>
      saver.getDeltaChannelHistory({ config: writesConfig, channels: ["topic"] }),
    prune: () => saver.prune({ threadId, keepLatest: 1 }),
    pruneEveryThread: () => saver.prune({ keepLatest: 1 }),
    copyThread: () => saver.copyThread(threadId, freshThreadId()),
    setup: () => saver.setup(),
    deleteThread: () => saver.deleteThread(threadId),
  };
}

/**
 * Runs every operation at once (each waits out its own deadline, so one after the other
 * would make every fault cost eleven deadlines); each must reject within the deadline with
 * what `check` accepts.
 */
async function expectEveryOperationRejects(
  fault: string,
  saver: CosmosSaver,
  check: (error: unknown) => void,
): Promise<void> {
  const outcomes = await Promise.all(
    Object.entries(operations(saver)).map(async ([name, run]) => {
      const started = Date.now();
      const error = await run().then(
        () => new Error(`${name} succeeded during "${fault}"`),
        (reason: unknown) => reason,
      );
      return { fault, operation: name, elapsedMs: Date.now() - started, error };
    }),
  );
  for (const outcome of outcomes) {
    recordFaultTiming(outcome satisfies FaultTiming);
    check(outcome.error);
    expect(outcome.elapsedMs).toBeLessThan(DEADLINES.operationTimeoutMs + SLACK_MS);
  }
}

function expectUnavailable(pattern: RegExp): (error: unknown) => void {
  return (error) => {
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(pattern);
  };
}

/** A saver with its own client, as `fromConnectionString` builds it in production. */
function ownedSaver(
  endpoint: string,
  key = server.key,
  connectionPolicy: Partial<ConnectionPolicy> = {},
): CosmosSaver {
  return CosmosSaver.fromConnectionString(`AccountEndpoint=${endpoint};AccountKey=${key};`, {
    databaseId: TEST_DATABASE_ID,
    containerId: `faults-${randomUUID()}`,
    ...DEADLINES,
    // The test servers' certificate is self-signed.
    clientOptions: { agent: new Agent({ rejectUnauthorized: false }), connectionPolicy },
  });
}

describe("CosmosSaver: every operation ends within its deadline", () => {
  it("connection refused: BackendUnavailableError saying refused", async () => {
    const saver = ownedSaver(await refusedEndpoint());
    await expectEveryOperationRejects("refused", saver, expectUnavailable(/refused/i));
    await saver.close();
  });

  it("DNS failure: BackendUnavailableError saying the host was not found", async () => {
    const saver = ownedSaver(UNRESOLVABLE_ENDPOINT);
    await expectEveryOperationRejects("DNS failure", saver, expectUnavailable(/not found/i));
    await saver.close();
  });

  it("an endpoint that accepts and never answers: BackendUnavailableError saying timed out", async () => {
    const silent = await startSilentEndpoint();
    const saver = ownedSaver(silent.endpoint);
    await expectEveryOperationRejects("accepts, silent", saver, expectUnavailable(/timed out/i));
    await saver.close();
    await silent.close();
  });

  it("a caller's client with the SDK's default timeouts is bounded by operationTimeoutMs too", async () => {
    const silent = await startSilentEndpoint();
    const client = createCosmosTestClient({ ...server, endpoint: silent.endpoint });
    const saver = new CosmosSaver({
      container: client.database(TEST_DATABASE_ID).container("any"),
      operationTimeoutMs: DEADLINES.operationTimeoutMs,
    });
    await expectEveryOperationRejects(
      "accepts, silent (caller's client)",
      saver,
      expectUnavailable(/timed out/i),
    );
    client.dispose();
    await silent.close();
  });

  it("a wrong key (401) and a missing role (403): InvalidConfigError, no key anywhere", async () => {
    const secret = Buffer.from(`wrong-key-${randomUUID()}`).toString("base64");
    for (const status of [401, 403] as const) {
      const endpoint = await startRefusingAuthEndpoint(status);
      const saver = ownedSaver(endpoint.endpoint, secret);
      await expectEveryOperationRejects(`auth failure (${status})`, saver, (error) => {
        expect(InvalidConfigError.isInstance(error)).toBe(true);
        expect((error as Error).message).toMatch(/key|credential|role/i);
        expect(inspect(error, { depth: 8 })).not.toContain(secret);
        expect(JSON.stringify(error)).not.toContain(secret);
      });
      await saver.close();
      await endpoint.close();
    }
  });
});

describe("CosmosSaver through a fault proxy: fails within its deadline, then recovers", () => {
  let proxy: FaultProxy;
  let saver: CosmosSaver;

  beforeAll(async () => {
    const target = new URL(server.endpoint);
    proxy = await startFaultProxy({ targetHost: target.hostname, targetPort: Number(target.port) });
    // The saver's own client, so its errors can name the network failure behind a timeout;
    // discovery off, or the client would leave the proxy for the account's advertised endpoint.
    saver = ownedSaver(`https://127.0.0.1:${proxy.port}/`, server.key, {
      enableEndpointDiscovery: false,
    });
    await saver.setup({ createIfNotExists: true });
  });

  afterEach(() => proxy.heal());

  afterAll(async () => {
    await proxy.heal();
    await saver.container.delete();
    await saver.close();
    await proxy.close();
  });

  /** A put acknowledged before the fault must be readable after it. */
  async function acknowledgedPut(): Promise<{ threadId: string; checkpointId: string }> {
    const threadId = freshThreadId();
    const checkpoint = makeCheckpoint({ acknowledged: true });
    await saver.put(threadConfig(threadId), checkpoint, makeMetadata(), { acknowledged: 1 });
    return { threadId, checkpointId: checkpoint.id };
  }

  async function expectRecovered(acknowledged: { threadId: string; checkpointId: string }) {
    const tuple = await saver.getTuple(threadConfig(acknowledged.threadId));
    expect(tuple?.checkpoint.id).toBe(acknowledged.checkpointId);
    const threadId = freshThreadId();
    const checkpoint = makeCheckpoint({ after: "heal" });
    await saver.put(threadConfig(threadId), checkpoint, makeMetadata(), { after: 1 });
    expect((await saver.getTuple(threadConfig(threadId)))?.checkpoint.id).toBe(checkpoint.id);
  }

  it("established, then silent (half-open): timed out, and works again once healed", async () => {
    const acknowledged = await acknowledgedPut();
    proxy.blackhole(true);
    await expectEveryOperationRejects(
      "established, then silent",
      saver,
      expectUnavailable(/timed out/i),
    );
    await proxy.heal();
    await expectRecovered(acknowledged);
  });

  it("connections reset mid-operation and refused meanwhile: typed, then recovers", async () => {
    const acknowledged = await acknowledgedPut();
    proxy.setLatencyMs(300);
    const pending = operations(saver);
    const started = Date.now();
    const inFlight = pending.put!().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    setTimeout(() => {
      proxy.refuseNew(true);
      proxy.cutAll();
    }, 100);
    const error = await inFlight;
    recordFaultTiming({
      fault: "reset mid-operation",
      operation: "put",
      elapsedMs: Date.now() - started,
      error,
    });
    expectUnavailable(/reset|refused|closed/i)(error);
    await expectEveryOperationRejects(
      "reset on connect",
      saver,
      expectUnavailable(/reset|refused|closed/i),
    );
    await proxy.heal();
    await expectRecovered(acknowledged);
  });

  it("server restart (connections reset, port closed for a while): recovers, nothing lost", async () => {
    const acknowledged = await acknowledgedPut();
    await proxy.closePort(true);
    await expectEveryOperationRejects(
      "server restart",
      saver,
      expectUnavailable(/reset|refused|closed/i),
    );
    await proxy.closePort(false);
    await expectRecovered(acknowledged);
  });
});

describe("CosmosSaver against a database or container that does not exist", () => {
  let client: CosmosClient;

  beforeAll(() => {
    client = newClient(server);
  });

  afterAll(() => client.dispose());

  for (const [what, databaseId, containerId] of [
    ["container", TEST_DATABASE_ID, `missing-${randomUUID()}`],
    ["database", `missing-${randomUUID()}`, "checkpoints"],
  ] as const) {
    it(`wrong ${what}: InvalidConfigError naming it and pointing at setup()`, async () => {
      const saver = new CosmosSaver({
        container: client.database(databaseId).container(containerId),
        ...DEADLINES,
      });
      await expectEveryOperationRejects(`wrong ${what}`, saver, (error) => {
        expect(InvalidConfigError.isInstance(error)).toBe(true);
        expect((error as Error).message).toContain("setup(");
        expect((error as Error).message).toContain(what === "container" ? containerId : databaseId);
      });
    });
  }
});
