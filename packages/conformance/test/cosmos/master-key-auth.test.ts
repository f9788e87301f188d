import { randomBytes } from "node:crypto";
import type { CosmosClient } from "@azure/cosmos";
import {
  type CosmosTestServer,
  createCosmosTestClient,
  startCosmosServer,
} from "../../src/cosmos/index.js";

/** The status an SDK call failed with (undefined when it succeeded). */
async function statusOf(call: () => Promise<unknown>): Promise<number | undefined> {
  try {
    await call();
    return undefined;
  } catch (error) {
    return (error as { code?: number }).code;
  }
}

describe("in-process Cosmos DB server with checkKeys", () => {
  let server: CosmosTestServer;
  let client: CosmosClient;
  let wrongKeyClient: CosmosClient;

  beforeAll(async () => {
    server = await startCosmosServer({ checkKeys: true });
    client = createCosmosTestClient(server);
    wrongKeyClient = createCosmosTestClient({
      ...server,
      key: randomBytes(32).toString("base64"),
    });
  });

  afterAll(async () => {
    client.dispose();
    wrongKeyClient.dispose();
    await server.stop();
  });

  it("serves every kind of request the savers send when signed with the account key", async () => {
    const { database } = await client.databases.createIfNotExists({ id: "signed db é" });
    const { container } = await database.containers.createIfNotExists({
      id: "signed container",
      partitionKey: { paths: ["/pk"] },
    });
    await container.items.upsert({ id: "item:1 é", pk: "p/1", value: 1 });
    const { resource } = await container.item("item:1 é", "p/1").read();
    expect(resource?.value).toBe(1);
    await container.item("item:1 é", "p/1").patch([{ op: "set", path: "/value", value: 2 }]);
    const { resources } = await container.items
      .query("SELECT * FROM c WHERE c.pk = 'p/1'", { partitionKey: "p/1" })
      .fetchAll();
    expect(resources.map((item) => item.value)).toEqual([2]);
    const batch = await container.items.batch(
      [{ operationType: "Create", resourceBody: { id: "item:2", pk: "p/1" } }],
      "p/1",
    );
    expect(batch.result?.[0]?.statusCode).toBe(201);
    await container.item("item:2", "p/1").delete();
    await container.deleteAllItemsForPartitionKey("p/1");
    await container.delete();
    await database.delete();
  });

  it("answers 401 to a request signed with another key, like the service", async () => {
    expect(await statusOf(() => wrongKeyClient.databases.createIfNotExists({ id: "x" }))).toBe(401);
    await client.databases.createIfNotExists({ id: "existing" });
    const container = wrongKeyClient.database("existing").container("c");
    expect(await statusOf(() => container.items.upsert({ id: "a", pk: "a" }))).toBe(401);
    expect(await statusOf(() => container.item("a", "a").read())).toBe(401);
  });
});
