import { findRedisSource, redisUnavailableNotice } from "../src/savers/redis-availability.js";
import { serverAddress, startPostgres, startRedis } from "../src/savers/server-startup.js";

/** Runs `body` with `name` set to `value` (or removed), restoring it afterwards. */
async function withEnv<T>(
  name: string,
  value: string | undefined,
  body: () => Promise<T> | T,
): Promise<T> {
  const saved = process.env[name];
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  try {
    return await body();
  } finally {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  }
}

describe("server start-up", () => {
  it("reports a private redis-server while it starts and once it answers", async () => {
    const messages: string[] = [];
    const server = await withEnv("REDIS_URL", undefined, () =>
      startRedis((message) => messages.push(message)),
    );
    try {
      expect(server.external).toBe(false);
      expect(messages[0]).toBe("starting a private redis-server …");
      expect(messages.at(-1)).toMatch(/^redis-server ready on 127\.0\.0\.1:\d+ \(\d+\.\d s\)$/);
      expect(messages.at(-1)).toContain(serverAddress(server.url));
    } finally {
      await server.stop();
    }
  });

  it("uses the server an env var names without printing its password", async () => {
    const shared = process.env.POSTGRES_URL;
    if (shared === undefined) throw new Error("the jest preset sets POSTGRES_URL");
    const withPassword = new URL(shared);
    withPassword.password = "s3cret-pw";
    const messages: string[] = [];
    const server = await withEnv("POSTGRES_URL", withPassword.toString(), () =>
      startPostgres((message) => messages.push(message)),
    );
    expect(server.external).toBe(true);
    await server.stop();
    expect(messages).toEqual([
      `using the PostgreSQL server POSTGRES_URL names (${withPassword.host})`,
    ]);
    expect(messages.join("\n")).not.toContain("s3cret-pw");
  });

  it("shows only host and port of a URL", () => {
    expect(serverAddress("postgres://app:secret@db.internal:5432/agents?sslmode=require")).toBe(
      "db.internal:5432",
    );
    expect(serverAddress("rediss://:pw@cache.example.com:6380/0")).toBe("cache.example.com:6380");
    expect(serverAddress("not a url :secret@")).toBe("(unparsable URL)");
  });
});

describe("finding Redis", () => {
  it("prefers REDIS_URL, then redis-server on PATH, else reports none", async () => {
    await withEnv("REDIS_URL", "redis://127.0.0.1:1", () => {
      expect(findRedisSource(() => undefined)).toEqual({ kind: "REDIS_URL" });
    });
    await withEnv("REDIS_URL", undefined, () => {
      expect(findRedisSource(() => "/opt/redis/bin/redis-server")).toEqual({
        kind: "redis-server",
        binaryPath: "/opt/redis/bin/redis-server",
      });
      expect(findRedisSource(() => undefined)).toBeUndefined();
    });
  });

  it("tells how to get Redis three ways", () => {
    const notice = redisUnavailableNotice("tiered", "embedded PostgreSQL").join("\n");
    expect(notice).toContain("apt-get install redis-server");
    expect(notice).toContain("brew install redis");
    expect(notice).toContain("docker compose up -d redis");
    expect(notice).toContain("REDIS_URL=redis://127.0.0.1:6379");
  });
});
