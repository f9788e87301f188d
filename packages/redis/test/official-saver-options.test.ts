import { InvalidConfigError } from "@checkpointkit/core";
import { RedisSaver } from "../src/index.js";
import { newClient } from "./redis-test-saver.js";

function thrownBy(construct: () => unknown): unknown {
  try {
    construct();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("options of the official RedisSaver are refused, naming ours", () => {
  it("fromUrl with { defaultTTL } (minutes there) points at ttlSeconds", () => {
    const error = thrownBy(() =>
      RedisSaver.fromUrl(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", {
        defaultTTL: 60,
      } as never),
    );
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect((error as InvalidConfigError).field).toBe("defaultTTL");
    expect((error as Error).message).toMatch(/ttlSeconds \(in seconds/);
  });

  it("a client with { refreshOnRead } points at refreshTtlOnRead", async () => {
    const client = newClient();
    try {
      const error = thrownBy(() => new RedisSaver({ client, refreshOnRead: true } as never));
      expect(InvalidConfigError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain("refreshTtlOnRead");
    } finally {
      client.disconnect();
    }
  });
});

describe("the official RedisSaver's construction forms", () => {
  it("new RedisSaver(client, options) is the options form; { defaultTTL } there is refused too", async () => {
    const client = newClient();
    try {
      const saver = new RedisSaver(client, { keyPrefix: "ck-positional:" });
      expect(saver.client).toBe(client);
      expect(saver.keyLayout.keyPrefix).toBe("ck-positional:");
      await saver.setup();
      await saver.end(); // the official name of close(): your client stays open
      expect(client.status).toBe("ready");
      const error = thrownBy(() => new RedisSaver(client, { defaultTTL: 5 } as never));
      expect((error as InvalidConfigError).field).toBe("defaultTTL");
    } finally {
      await client.quit();
    }
  });

  it("a node-redis client (what the official saver takes) is refused, saying ioredis is needed", () => {
    const nodeRedisLike = { sendCommand: async () => "OK", connect: async () => {} };
    for (const construct of [
      () => new RedisSaver(nodeRedisLike as never),
      () => new RedisSaver({ client: nodeRedisLike as never }),
    ]) {
      const error = thrownBy(construct);
      expect(InvalidConfigError.isInstance(error)).toBe(true);
      expect((error as InvalidConfigError).field).toBe("client");
      expect((error as Error).message).toMatch(/ioredis.*node-redis/);
    }
  });

  it("end() closes the client fromUrl created, like close()", async () => {
    const saver = RedisSaver.fromUrl(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
    await saver.setup();
    await saver.end();
    expect(saver.client.status).toBe("end");
  });
});
