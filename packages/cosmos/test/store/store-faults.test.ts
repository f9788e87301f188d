import { randomUUID } from "node:crypto";
import { Agent } from "node:https";
import { inspect } from "node:util";
import {
  type CosmosTestServer,
  createCosmosFaultInjector,
  createCosmosTestClient,
} from "@checkpointkit/conformance";
import { BackendUnavailableError, InvalidConfigError } from "@checkpointkit/core";
import { CosmosStore } from "../../src/store/index.js";
import { newClient, sharedServer, TEST_DATABASE_ID } from "../cosmos-test-saver.js";
import { startRefusingAuthEndpoint, startSilentEndpoint } from "../fault-endpoints.js";
import { storeInFreshContainer } from "./cosmos-store-harness.js";

const OPERATION_TIMEOUT_MS = 1_500;
jest.setTimeout(60_000);

let server: CosmosTestServer;
beforeAll(async () => {
  server = await sharedServer();
});

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to be refused");
    },
    (error: unknown) => error,
  );
}

/** Every kind of store call, each its own request path. */
function storeCalls(store: CosmosStore): Record<string, () => Promise<unknown>> {
  const namespace = ["faults", randomUUID()];
  return {
    get: () => store.get(namespace, "k"),
    put: () => store.put(namespace, "k", { v: 1 }),
    delete: () => store.delete(namespace, "k"),
    search: () => store.search(namespace, { filter: { v: 1 } }),
    searchEverything: () => store.search([]),
    listNamespaces: () => store.listNamespaces({ prefix: ["faults"] }),
  };
}

it("an endpoint that accepts and never answers: every call rejects with BackendUnavailableError (timed out) within operationTimeoutMs", async () => {
  const silent = await startSilentEndpoint();
  const client = createCosmosTestClient({ ...server, endpoint: silent.endpoint });
  const store = new CosmosStore({
    container: client.database(TEST_DATABASE_ID).container("any"),
    operationTimeoutMs: OPERATION_TIMEOUT_MS,
  });
  try {
    for (const [name, call] of Object.entries(storeCalls(store))) {
      const error = await rejectionOf(call());
      expect([name, BackendUnavailableError.isInstance(error)]).toEqual([name, true]);
      expect(String((error as Error).message)).toMatch(/timed out/);
    }
  } finally {
    client.dispose();
    await silent.close();
  }
});

it("throttling past the SDK's retries is BackendUnavailableError; the store works again afterwards", async () => {
  const injector = createCosmosFaultInjector();
  const client = newClient(server, {
    injector,
    retryOptions: { maxRetryAttemptCount: 1, fixedRetryIntervalInMilliseconds: 10 },
  });
  const store = await storeInFreshContainer(client);
  try {
    injector.inject429(10, 10);
    const error = await rejectionOf(store.put(["faults", "throttled"], "k", { v: 1 }));
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    injector.clear();
    await store.put(["faults", "throttled"], "k", { v: 2 });
    expect((await store.get(["faults", "throttled"], "k"))?.value).toEqual({ v: 2 });
  } finally {
    await store.container.delete();
    client.dispose();
  }
});

it("a wrong key (401): InvalidConfigError, and the key is nowhere in the error", async () => {
  const secret = Buffer.from(`wrong-key-${randomUUID()}`).toString("base64");
  const endpoint = await startRefusingAuthEndpoint(401);
  const client = createCosmosTestClient({ ...server, endpoint: endpoint.endpoint, key: secret });
  const store = new CosmosStore({
    container: client.database(TEST_DATABASE_ID).container("any"),
    operationTimeoutMs: 10_000,
  });
  try {
    for (const call of Object.values(storeCalls(store))) {
      const error = await rejectionOf(call());
      expect(InvalidConfigError.isInstance(error)).toBe(true);
      expect(inspect(error, { depth: 10 })).not.toContain(secret);
    }
  } finally {
    client.dispose();
    await endpoint.close();
  }
});

it("options it could not honour are refused at construction", () => {
  const client = newClient(server);
  const container = client.database(TEST_DATABASE_ID).container("any");
  for (const options of [
    { ttlSeconds: 0 },
    { partitionLabels: 0 },
    { partitionLabels: 1.5 },
    { operationTimeoutMs: -1 },
    { index: { dims: 0, embed: async () => [] } },
  ]) {
    expect(() => new CosmosStore({ container, ...options })).toThrow(InvalidConfigError);
  }
  expect(() => new CosmosStore({ container: {} as never })).toThrow(InvalidConfigError);
  client.dispose();
});

it("fromConnectionString owns its client: works, close() disposes it, and a bad string is refused without the key", async () => {
  const store = CosmosStore.fromConnectionString(
    `AccountEndpoint=${server.endpoint};AccountKey=${server.key};`,
    {
      databaseId: TEST_DATABASE_ID,
      containerId: `store-owned-${randomUUID()}`,
      // The in-process server's certificate is self-signed; a remote account keeps TLS checks.
      clientOptions:
        new URL(server.endpoint).hostname === "127.0.0.1"
          ? { agent: new Agent({ rejectUnauthorized: false, keepAlive: true }) }
          : {},
    },
  );
  await store.setup({ createIfNotExists: true });
  await store.put(["owned"], "k", { v: 1 });
  expect((await store.get(["owned"], "k"))?.value).toEqual({ v: 1 });
  await store.container.delete();
  const dispose = jest.spyOn(store.container.database.client, "dispose");
  await store.close();
  await store.close();
  expect(dispose).toHaveBeenCalledTimes(1);

  const secret = Buffer.from(`secret-${randomUUID()}`).toString("base64");
  const error = (() => {
    try {
      CosmosStore.fromConnectionString(`AccountKey=${secret};`, {
        databaseId: TEST_DATABASE_ID,
        containerId: "any",
      });
    } catch (caught) {
      return caught;
    }
    return undefined;
  })();
  expect(InvalidConfigError.isInstance(error)).toBe(true);
  expect(inspect(error, { depth: 10 })).not.toContain(secret);
});
