import { once } from "node:events";
import { type OwnedTestServer, startRedisServer } from "@checkpointkit/conformance";
import { RedisSaver } from "../src/index.js";

/**
 * A saver created and closed at once (a short script, a request handler that gives up) must
 * not leave its socket behind: the process would stay alive until ioredis' disconnect timer
 * destroys it, 2 s later.
 */
describe("RedisSaver.fromUrl closed while its connection is still being set up", () => {
  let server: OwnedTestServer;

  beforeAll(async () => {
    server = await startRedisServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it.each(["connecting", "connect"])(
    "close() during %s leaves the client ended, with no socket left open",
    async (status) => {
      const saver = RedisSaver.fromUrl(server.url);
      if (status === "connect") await once(saver.client, "connect");
      expect(saver.client.status).toBe(status);
      await saver.close();
      expect(saver.client.status).toBe("end");
      const sockets = (saver.client as unknown as { stream?: { destroyed: boolean } }).stream;
      expect(sockets?.destroyed ?? true).toBe(true);
    },
  );
});
