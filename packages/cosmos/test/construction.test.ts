import { randomUUID } from "node:crypto";
import { Agent } from "node:https";
import type { CosmosClient, CosmosClientOptions } from "@azure/cosmos";
import type { CosmosTestServer } from "@checkpointkit/conformance";
import {
  collect,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  threadConfig,
} from "@checkpointkit/conformance";
import { InvalidConfigError } from "@checkpointkit/core";
import { type CosmosOperationName, CosmosSaver, type CosmosTokenCredential } from "../src/index.js";
import { newClient, sharedServer, TEST_DATABASE_ID } from "./cosmos-test-saver.js";

let server: CosmosTestServer;
let client: CosmosClient;

beforeAll(async () => {
  server = await sharedServer();
  client = newClient(server);
});

afterAll(() => client.dispose());

/** What the in-process server's self-signed certificate needs; nothing for a real endpoint. */
function localClientOptions(): Partial<CosmosClientOptions> {
  const local = new URL(server.endpoint).hostname === "127.0.0.1";
  return local
    ? {
        agent: new Agent({ rejectUnauthorized: false }),
        connectionPolicy: { enableEndpointDiscovery: false },
      }
    : {};
}

async function roundTrip(saver: CosmosSaver): Promise<unknown> {
  const threadId = freshThreadId();
  const checkpoint = makeCheckpoint({ greeting: "hello" });
  await saver.put(threadConfig(threadId), checkpoint, makeMetadata(), checkpoint.channel_versions);
  return (await saver.getTuple(threadConfig(threadId)))?.checkpoint.channel_values;
}

describe("CosmosSaver construction", () => {
  it("fromConnectionString owns its client: works, and close() disposes it", async () => {
    const saver = CosmosSaver.fromConnectionString(
      `AccountEndpoint=${server.endpoint};AccountKey=${server.key};`,
      {
        databaseId: TEST_DATABASE_ID,
        containerId: `owned-${randomUUID()}`,
        clientOptions: localClientOptions(),
      },
    );
    await saver.setup({ createIfNotExists: true });
    expect(await roundTrip(saver)).toEqual({ greeting: "hello" });
    await saver.container.delete();
    const dispose = jest.spyOn(saver.container.database.client, "dispose");
    await saver.close();
    expect(dispose).toHaveBeenCalledTimes(1);
  });

  it("never disposes a client the caller passed in", async () => {
    const container = client.database(TEST_DATABASE_ID).container(`borrowed-${randomUUID()}`);
    const saver = new CosmosSaver({ container });
    await saver.setup({ createIfNotExists: true });
    const dispose = jest.spyOn(client, "dispose");
    await saver.close();
    expect(dispose).not.toHaveBeenCalled();
    expect(await roundTrip(saver)).toEqual({ greeting: "hello" });
    dispose.mockRestore();
    await container.delete();
  });

  it("fromCredential signs requests with Microsoft Entra ID tokens for the account's scope", async () => {
    const scopes: string[] = [];
    const credential: CosmosTokenCredential = {
      async getToken(scope) {
        scopes.push(...(Array.isArray(scope) ? scope : [scope]));
        return { token: "entra-test-token", expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const saver = CosmosSaver.fromCredential(server.endpoint, credential, {
      databaseId: TEST_DATABASE_ID,
      containerId: `entra-${randomUUID()}`,
      clientOptions: localClientOptions(),
    });
    // The in-process server does not verify signatures; the real service checks the token.
    await saver.setup({ createIfNotExists: true });
    expect(await roundTrip(saver)).toEqual({ greeting: "hello" });
    expect(scopes.length).toBeGreaterThan(0);
    expect(scopes.every((scope) => scope.endsWith("/.default"))).toBe(true);
    await saver.container.delete();
    await saver.close();
  });

  it("rejects bad settings with InvalidConfigError, without echoing the key", () => {
    const secret = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=";
    let caught: unknown;
    try {
      CosmosSaver.fromConnectionString(`AccountKey=${secret};`, {
        databaseId: "",
        containerId: "c",
      });
    } catch (error) {
      caught = error;
    }
    expect(InvalidConfigError.isInstance(caught)).toBe(true);
    expect(String((caught as Error).message)).not.toContain(secret);
    const container = client.database("d").container("c");
    for (const options of [
      { ttlSeconds: 0 },
      { chunkSizeBytes: -1 },
      { listPageSize: 1.5 },
      { batchBudgetBytes: 0 },
    ]) {
      expect(() => new CosmosSaver({ container, ...options })).toThrow(InvalidConfigError);
    }
  });

  it("writes to a container that does not exist fail with InvalidConfigError pointing at setup()", async () => {
    const saver = new CosmosSaver({
      container: client.database(TEST_DATABASE_ID).container(`missing-${randomUUID()}`),
    });
    const config = {
      configurable: { thread_id: freshThreadId(), checkpoint_ns: "", checkpoint_id: "c1" },
    };
    for (const operation of [
      () =>
        saver.put(threadConfig(freshThreadId()), makeCheckpoint({ a: 1 }), makeMetadata(), {
          a: 1,
        }),
      () => saver.putWrites(config, [["a", 1]], "task"),
    ]) {
      const error = await operation().then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(InvalidConfigError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain("setup(");
    }
  });

  it("setup() is idempotent when many processes call it at once, and checks the partition key", async () => {
    const containerId = `concurrent-${randomUUID()}`;
    const savers = Array.from(
      { length: 5 },
      () =>
        new CosmosSaver({ container: client.database(TEST_DATABASE_ID).container(containerId) }),
    );
    await Promise.all(savers.map((saver) => saver.setup({ createIfNotExists: true })));
    const tenantSaver = new CosmosSaver({
      container: client.database(TEST_DATABASE_ID).container(containerId),
      tenantId: "contoso",
    });
    const error = await tenantSaver.setup().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    await savers[0]?.container.delete();
  });

  it("reports the request charge of every operation through onRequestCharge", async () => {
    const charges: [CosmosOperationName, number][] = [];
    const container = client.database(TEST_DATABASE_ID).container(`metered-${randomUUID()}`);
    const saver = new CosmosSaver({
      container,
      onRequestCharge: (operation, requestUnits) => charges.push([operation, requestUnits]),
    });
    await saver.setup({ createIfNotExists: true });
    const threadId = freshThreadId();
    const config = await saver.put(
      threadConfig(threadId),
      makeCheckpoint({ a: 1 }),
      makeMetadata(),
      { a: 1 },
    );
    await saver.putWrites(config, [["a", 2]], "task");
    await saver.getTuple(config);
    await collect(saver.list(threadConfig(threadId)));
    await saver.getDeltaChannelHistory({ config, channels: ["a"] });
    await saver.deleteThread(threadId);
    expect(charges.map(([operation]) => operation)).toEqual([
      "setup",
      "put",
      "putWrites",
      "getTuple",
      "list",
      "getDeltaChannelHistory",
      "deleteThread",
    ]);
    expect(charges.every(([, requestUnits]) => requestUnits > 0)).toBe(true);
    await container.delete();
  });
});

describe("CosmosSaver with a hierarchical partition key [tenant, thread]", () => {
  it("keeps tenants apart: same thread ids, separate data, per-tenant listing and deletion", async () => {
    const container = client.database(TEST_DATABASE_ID).container(`tenants-${randomUUID()}`);
    const contoso = new CosmosSaver({ container, tenantId: "contoso" });
    const fabrikam = new CosmosSaver({ container, tenantId: "fabrikam" });
    await contoso.setup({ createIfNotExists: true });
    await fabrikam.setup();
    const threadId = freshThreadId();
    for (const [saver, owner] of [
      [contoso, "contoso"],
      [fabrikam, "fabrikam"],
    ] as const) {
      const checkpoint = makeCheckpoint({ owner });
      const config = await saver.put(threadConfig(threadId), checkpoint, makeMetadata(), {
        owner: 1,
      });
      await saver.putWrites(config, [["owner", `${owner}-write`]], "task");
    }
    expect((await contoso.getTuple(threadConfig(threadId)))?.checkpoint.channel_values).toEqual({
      owner: "contoso",
    });
    expect((await fabrikam.getTuple(threadConfig(threadId)))?.pendingWrites).toEqual([
      ["task", "owner", "fabrikam-write"],
    ]);
    const everyContosoThread = await collect(contoso.list({}));
    expect(everyContosoThread.map((tuple) => tuple.checkpoint.channel_values)).toEqual([
      { owner: "contoso" },
    ]);

    await contoso.deleteThread(threadId);
    expect(await contoso.getTuple(threadConfig(threadId))).toBeUndefined();
    expect((await fabrikam.getTuple(threadConfig(threadId)))?.checkpoint.channel_values).toEqual({
      owner: "fabrikam",
    });
    await container.delete();
  });
});
