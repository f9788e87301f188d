import { cosmos, createCosmosTestClient, startCosmosServer } from "../../src/cosmos/index.js";

describe("the in-process Cosmos test server", () => {
  it("serves the SDK over HTTPS on a loopback port and forgets everything when stopped", async () => {
    const server = await startCosmosServer();
    expect(server.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.external).toBe(false);
    const client = createCosmosTestClient(server);
    const { database } = await client.databases.createIfNotExists({ id: "db" });
    const { container } = await database.containers.createIfNotExists({
      id: "c",
      partitionKey: { paths: ["/pk"] },
    });
    const { statusCode } = await container.items.create({ id: "x", pk: "a" });
    expect(statusCode).toBe(201);
    client.dispose();
    await server.stop();

    const again = await startCosmosServer();
    const secondClient = createCosmosTestClient(again);
    const { resources } = await secondClient.databases.readAll().fetchAll();
    expect(resources).toEqual([]);
    secondClient.dispose();
    await again.stop();
  });

  it("serves plain HTTP when asked, with endpoint discovery left on", async () => {
    const server = await startCosmosServer({ tls: false });
    expect(server.endpoint).toMatch(/^http:\/\//);
    const client = createCosmosTestClient(server, {
      connectionPolicy: { enableEndpointDiscovery: true },
    });
    const { resource } = await client.databases.create({ id: "db" });
    expect(resource?.id).toBe("db");
    client.dispose();
    await server.stop();
  });

  describe("cosmos()", () => {
    const saved = { endpoint: process.env.COSMOS_ENDPOINT, key: process.env.COSMOS_KEY };
    afterEach(() => {
      for (const [name, value] of [
        ["COSMOS_ENDPOINT", saved.endpoint],
        ["COSMOS_KEY", saved.key],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    it("uses COSMOS_ENDPOINT and COSMOS_KEY when both are set, and never stops that server", async () => {
      const owned = await startCosmosServer();
      try {
        process.env.COSMOS_ENDPOINT = owned.endpoint;
        process.env.COSMOS_KEY = owned.key;
        const external = await cosmos();
        expect(external).toMatchObject({ endpoint: owned.endpoint, external: true });
        await external.stop();
        const client = createCosmosTestClient(external);
        const { resource } = await client.databases.create({ id: "still-up" });
        expect(resource?.id).toBe("still-up");
        client.dispose();
      } finally {
        await owned.stop();
      }
    });

    it("starts an in-process server when they are not set", async () => {
      delete process.env.COSMOS_ENDPOINT;
      delete process.env.COSMOS_KEY;
      const started = await cosmos();
      expect(started.external).toBe(false);
      await started.stop();
    });
  });
});
