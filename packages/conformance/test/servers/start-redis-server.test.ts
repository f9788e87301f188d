import type { OwnedTestServer } from "../../src/servers/index.js";
import { ServerBinaryNotFoundError, startRedisServer } from "../../src/servers/index.js";
import { pathExists, processExists, strictRedisClient, withRedisClient } from "./process-probes.js";

describe("startRedisServer", () => {
  const started: OwnedTestServer[] = [];
  const start = async (options?: Parameters<typeof startRedisServer>[0]) => {
    const server = await startRedisServer(options);
    started.push(server);
    return server;
  };

  afterAll(async () => {
    await Promise.all(started.map((server) => server.stop()));
  });

  it("starts a private server on loopback that answers PING and SELECT 1", async () => {
    const server = await start();
    expect(server.external).toBe(false);
    expect(server.host).toBe("127.0.0.1");
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(processExists(server.pid)).toBe(true);
    await withRedisClient(server.url, async (client) => {
      expect(await client.ping()).toBe("PONG");
      expect(await client.select(1)).toBe("OK");
      expect(await client.config("GET", "dir")).toEqual(["dir", server.dataDir]);
      expect(await client.config("GET", "save")).toEqual(["save", ""]);
      expect(await client.config("GET", "appendonly")).toEqual(["appendonly", "no"]);
    });
  });

  it("with a password: its url logs in, a client without it is refused", async () => {
    const server = await start({ password: "s3cret/pass" });
    expect(server.url).toBe(`redis://:s3cret%2Fpass@127.0.0.1:${server.port}`);
    expect(await withRedisClient(server.url, (client) => client.ping())).toBe("PONG");
    await expect(
      withRedisClient(`redis://127.0.0.1:${server.port}`, (client) => client.ping()),
    ).rejects.toThrow();
  });

  it("applies appendOnly, appendFsync and extraArgs", async () => {
    const server = await start({
      appendOnly: true,
      appendFsync: "always",
      extraArgs: ["--maxmemory", "12345678"],
    });
    await withRedisClient(server.url, async (client) => {
      expect(await client.config("GET", "appendonly")).toEqual(["appendonly", "yes"]);
      expect(await client.config("GET", "appendfsync")).toEqual(["appendfsync", "always"]);
      expect(await client.config("GET", "maxmemory")).toEqual(["maxmemory", "12345678"]);
    });
  });

  it("kill() makes connections fail and the process disappear", async () => {
    const server = await start();
    const client = strictRedisClient(server.url);
    await client.connect();
    const killedPid = server.pid;
    await server.kill();
    expect(processExists(killedPid)).toBe(false);
    await expect(client.ping()).rejects.toThrow();
    client.disconnect();
    await expect(withRedisClient(server.url, (fresh) => fresh.ping())).rejects.toThrow();
  });

  it("restart() after kill() brings back an AOF-fsynced key on the same port and directory", async () => {
    const server = await start({ appendOnly: true, appendFsync: "always" });
    const { port, dataDir } = server;
    await withRedisClient(server.url, (client) => client.set("survivor", "still-here"));
    await server.kill();
    await server.restart();
    expect(server.port).toBe(port);
    expect(server.dataDir).toBe(dataDir);
    expect(processExists(server.pid)).toBe(true);
    expect(await withRedisClient(server.url, (client) => client.get("survivor"))).toBe(
      "still-here",
    );
  });

  it("stop() shuts the server down and removes its data directory", async () => {
    const server = await start({ appendOnly: true });
    const pid = server.pid;
    expect(await pathExists(server.dataDir)).toBe(true);
    await server.stop();
    expect(processExists(pid)).toBe(false);
    expect(await pathExists(server.dataDir)).toBe(false);
    await expect(withRedisClient(server.url, (client) => client.ping())).rejects.toThrow();
    await server.stop();
  });

  it("says how to install redis-server when it is not on PATH", async () => {
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      const failure = startRedisServer();
      await expect(failure).rejects.toBeInstanceOf(ServerBinaryNotFoundError);
      await expect(failure).rejects.toThrow(/apt-get install redis-server/);
      await expect(failure).rejects.toThrow(/brew install redis/);
      await expect(failure).rejects.toThrow(/REDIS_URL/);
      await expect(failure).rejects.toThrow(/docker compose up -d redis/);
    } finally {
      process.env.PATH = path;
    }
  });
});
