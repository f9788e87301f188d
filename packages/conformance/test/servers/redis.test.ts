import type { OwnedTestServer } from "../../src/servers/index.js";
import { redis, startRedisServer } from "../../src/servers/index.js";
import { withRedisClient } from "./process-probes.js";

describe("redis()", () => {
  const originalUrl = process.env.REDIS_URL;
  let target: OwnedTestServer;

  beforeAll(async () => {
    target = await startRedisServer();
  });

  afterEach(() => {
    if (originalUrl === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = originalUrl;
  });

  afterAll(async () => {
    await target.stop();
  });

  it("uses REDIS_URL as an external server and never stops it", async () => {
    process.env.REDIS_URL = target.url;
    const server = await redis();
    expect(server).toMatchObject({ url: target.url, external: true });
    await withRedisClient(server.url, (client) => client.set("external", "yes"));
    await server.stop();
    expect(await withRedisClient(target.url, (client) => client.get("external"))).toBe("yes");
  });

  it("starts a private server when REDIS_URL is not set", async () => {
    delete process.env.REDIS_URL;
    const server = await redis();
    try {
      expect(server.external).toBe(false);
      expect(server.url).not.toBe(target.url);
      expect(await withRedisClient(server.url, (client) => client.ping())).toBe("PONG");
    } finally {
      await server.stop();
    }
  });
});
