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
