import { connect, type Socket } from "node:net";
import { type FaultProxy, startFaultProxy } from "../../src/fault-proxy/index.js";
import { type OwnedTestServer, startRedisServer } from "../../src/servers/index.js";
import { strictRedisClient, withRedisClient } from "../servers/process-probes.js";

describe("startFaultProxy", () => {
  let server: OwnedTestServer;
  let proxy: FaultProxy;

  beforeAll(async () => {
    server = await startRedisServer();
  });

  beforeEach(async () => {
    proxy = await startFaultProxy({ targetHost: server.host, targetPort: server.port });
  });

  afterEach(async () => {
    await proxy.close();
  });

  afterAll(async () => {
    await server.stop();
  });

  const viaProxy = () => `redis://127.0.0.1:${proxy.port}`;

  it("forwards traffic both ways on a loopback port of its own", async () => {
    expect(proxy.host).toBe("127.0.0.1");
    expect(proxy.port).not.toBe(server.port);
    expect(proxy.url).toBe(`tcp://127.0.0.1:${proxy.port}`);
    await withRedisClient(viaProxy(), (client) => client.set("through-proxy", "yes"));
    expect(await withRedisClient(server.url, (client) => client.get("through-proxy"))).toBe("yes");
  });

  it("keeps a targetUrl's path and swaps in its own host and port", async () => {
    const dbProxy = await startFaultProxy({ targetUrl: `${server.url}/3` });
    try {
      expect(dbProxy.url).toBe(`redis://127.0.0.1:${dbProxy.port}/3`);
      await withRedisClient(dbProxy.url, (client) => client.set("in-db-3", "yes"));
      expect(await withRedisClient(`${server.url}/3`, (client) => client.get("in-db-3"))).toBe(
        "yes",
      );
    } finally {
      await dbProxy.close();
    }
  });

  it("adds the latency to each direction of a round trip", async () => {
    await withRedisClient(viaProxy(), async (client) => {
      proxy.setLatencyMs(150);
      const startedAt = performance.now();
      expect(await client.ping()).toBe("PONG");
      // Request and reply each wait 150 ms; timers may fire a millisecond early.
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(2 * 150 - 5);
    });
  });

  it("cutAll() breaks open connections", async () => {
    const client = strictRedisClient(viaProxy());
    try {
      await client.connect();
      expect(await client.ping()).toBe("PONG");
      expect(proxy.activeConnections).toBe(1);
      const closed = new Promise((resolve) => client.once("close", resolve));
      proxy.cutAll();
      await closed;
      await expect(client.ping()).rejects.toThrow();
      expect(proxy.activeConnections).toBe(0);
    } finally {
      client.disconnect();
    }
  });

  it("refuseNew(true) fails new connections but keeps open ones; heal() accepts again", async () => {
    await withRedisClient(viaProxy(), async (openClient) => {
      proxy.refuseNew(true);
      await expect(withRedisClient(viaProxy(), (client) => client.ping())).rejects.toThrow();
      expect(await openClient.ping()).toBe("PONG");
      proxy.heal();
      expect(await withRedisClient(viaProxy(), (client) => client.ping())).toBe("PONG");
    });
  });

  it("heal() removes the latency", async () => {
    // An hour each way: were it still in force, the PING would outlast the test timeout.
    proxy.setLatencyMs(3_600_000);
    proxy.heal();
    expect(await withRedisClient(viaProxy(), (client) => client.ping())).toBe("PONG");
  });

  it("close() stops accepting and cuts what was open", async () => {
    const client = strictRedisClient(viaProxy());
    try {
      await client.connect();
      const closed = new Promise((resolve) => client.once("close", resolve));
      await proxy.close();
      await closed;
      await expect(withRedisClient(viaProxy(), (fresh) => fresh.ping())).rejects.toThrow();
    } finally {
      client.disconnect();
    }
  });
});

type PingOutcome = "PONG" | "silent" | "refused" | "closed";

/** One inline PING on `socket`: its reply, or what happened instead within `timeoutMs`. */
function pingOn(socket: Socket, timeoutMs = 300): Promise<PingOutcome> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("silent"), timeoutMs);
    const settle = (outcome: PingOutcome) => {
      clearTimeout(timer);
      resolve(outcome);
    };
    socket.once("data", (chunk: Buffer) =>
      settle(chunk.toString() === "+PONG\r\n" ? "PONG" : "closed"),
    );
    socket.once("close", () => settle("closed"));
    socket.write("PING\r\n");
  });
}

/** A raw TCP connection to the proxy; resolves "refused" when the port is closed. */
function openSocket(port: number): Promise<Socket | "refused"> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => resolve(socket));
    socket.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED") resolve("refused");
      else reject(error);
    });
  });
}

describe("startFaultProxy: outages a saver must survive", () => {
  let server: OwnedTestServer;
  let proxy: FaultProxy;
  const sockets: Socket[] = [];

  async function opened(): Promise<Socket> {
    const socket = await openSocket(proxy.port);
    if (socket === "refused") throw new Error("the proxy refused the connection");
    socket.on("error", () => {});
    sockets.push(socket);
    return socket;
  }

  beforeAll(async () => {
    server = await startRedisServer();
  });

  beforeEach(async () => {
    proxy = await startFaultProxy({ targetHost: server.host, targetPort: server.port });
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await proxy.close();
  });

  afterAll(async () => {
    await server.stop();
  });

  it("blackhole(true): open connections go silent for good, new ones are accepted and silent", async () => {
    const open = await opened();
    expect(await pingOn(open)).toBe("PONG");
    proxy.blackhole(true);
    expect(await pingOn(open)).toBe("silent");
    expect(await pingOn(await opened())).toBe("silent");
    await proxy.heal();
    // The connection that lived through the blackhole stays dead, as a half-open one does.
    expect(await pingOn(open)).toBe("silent");
    expect(await pingOn(await opened())).toBe("PONG");
  });

  it("closePort(true): connecting is refused and open connections are reset; heal() reopens the same port", async () => {
    const open = await opened();
    expect(await pingOn(open)).toBe("PONG");
    const port = proxy.port;
    await proxy.closePort(true);
    expect(await pingOn(open)).toBe("closed");
    expect(await openSocket(port)).toBe("refused");
    await proxy.heal();
    expect(proxy.port).toBe(port);
    expect(await pingOn(await opened())).toBe("PONG");
  });
});
