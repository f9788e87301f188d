import type { Redis } from "ioredis";
import type { TieredSaver, TieredSaverOptions } from "../../src/index.js";
import {
  newRedisClient,
  postgresColdTier,
  type TestPostgresColdTier,
  tieredSaver,
} from "./test-tiers.js";

/*
 * Tiered savers for conformance specs that need differently configured savers: each over its
 * own Redis client and fresh Postgres cold schema, released by `destroyOpenedSaver`.
 */

export interface OpenedTieredSaver {
  redis: Redis;
  cold: TestPostgresColdTier;
}

const opened = new Map<TieredSaver, OpenedTieredSaver>();

export async function createOpenedSaver(
  options: Partial<TieredSaverOptions> = {},
): Promise<TieredSaver> {
  const redis = newRedisClient();
  const cold = await postgresColdTier();
  const saver = await tieredSaver(redis, cold.cold, options);
  opened.set(saver, { redis, cold });
  return saver;
}

/** The client and cold tier `createOpenedSaver` made for `saver`. */
export function openedResources(saver: TieredSaver): OpenedTieredSaver {
  const resources = opened.get(saver);
  if (resources === undefined) throw new Error("not a saver of createOpenedSaver");
  return resources;
}

export async function destroyOpenedSaver(saver: TieredSaver): Promise<void> {
  const resources = opened.get(saver);
  opened.delete(saver);
  await saver.close();
  if (resources === undefined) return;
  await resources.redis.quit();
  await resources.cold.drop();
}
