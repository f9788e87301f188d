import { Client } from "pg";
import { startRedisServer } from "../../src/servers/index.js";
import { startSharedTestServers } from "../../src/servers/shared-test-servers.js";
import { processExists, withRedisClient } from "./process-probes.js";

const SHARED_VARIABLES = ["REDIS_URL", "POSTGRES_URL", "COSMOS_ENDPOINT", "COSMOS_KEY"] as const;

describe("servers shared by a jest run", () => {
  it("reach the workers through env vars set by globalSetup", async () => {
    // jest.config.cjs asks for redis, postgres and cosmos.
    expect(await withRedisClient(process.env.REDIS_URL!, (client) => client.ping())).toBe("PONG");
    const client = new Client({ connectionString: process.env.POSTGRES_URL });
    await client.connect();
    try {
      expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
    expect(process.env.COSMOS_ENDPOINT).toMatch(/^https?:\/\//);
    expect(process.env.COSMOS_KEY).toBeTruthy();
  });

  describe("startSharedTestServers", () => {
    const saved = Object.fromEntries(SHARED_VARIABLES.map((name) => [name, process.env[name]]));

    beforeEach(() => {
      for (const name of SHARED_VARIABLES) delete process.env[name];
    });

    afterEach(() => {
      for (const name of SHARED_VARIABLES) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    });

    it("starts what is not provided, exports its URL, and stopAll() stops it", async () => {
      const shared = await startSharedTestServers(["redis"]);
      const url = shared.environment.REDIS_URL!;
      expect(process.env.REDIS_URL).toBe(url);
      expect(await withRedisClient(url, (client) => client.ping())).toBe("PONG");
      await shared.stopAll();
      await expect(withRedisClient(url, (client) => client.ping())).rejects.toThrow();
    });

    it("leaves a server named by an env var alone", async () => {
      const external = await startRedisServer();
      try {
        process.env.REDIS_URL = external.url;
        const shared = await startSharedTestServers(["redis"]);
        expect(shared.environment).toEqual({});
        expect(process.env.REDIS_URL).toBe(external.url);
        await shared.stopAll();
        expect(processExists(external.pid)).toBe(true);
        expect(await withRedisClient(external.url, (client) => client.ping())).toBe("PONG");
      } finally {
        await external.stop();
      }
    });
  });
});
