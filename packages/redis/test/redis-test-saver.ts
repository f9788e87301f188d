import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { RedisSaver, type RedisSaverCommonOptions } from "../src/index.js";

/** The shared test server jest's globalSetup started (or REDIS_URL named). */
export function sharedRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (url === undefined || url === "") throw new Error("REDIS_URL is not set by the jest preset");
  return url;
}

/** A fresh key prefix, so each saver sees an empty keyspace of its own. */
export function freshKeyPrefix(label = "test"): string {
  return `ck-${label}-${randomUUID()}:`;
}

/** A saver over the user's own client (never closed by the saver) with a fresh prefix. */
export function saverOnSharedServer(
  client: Redis,
  options: RedisSaverCommonOptions = {},
): RedisSaver {
  return new RedisSaver({ client, keyPrefix: freshKeyPrefix(), ...options });
}

export function newClient(url = sharedRedisUrl()): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1 });
}
