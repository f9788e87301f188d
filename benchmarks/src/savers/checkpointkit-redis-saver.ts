import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { Redis } from "ioredis";
import { RoundTripCounter } from "../measure/round-trip-counter.js";
import { loadSaverClass } from "./checkpointkit-package.js";
import { connectCountedRedis, deleteKeysAndQuit } from "./redis-connection.js";
import {
  type SaverPlugin,
  SaverUnavailableError,
  type SaverVariantOptions,
} from "./saver-plugin.js";
import { uniqueStorageName } from "./unique-name.js";

type RedisSaverClass = new (
  options: {
    client: Redis;
    keyPrefix: string;
  } & SaverVariantOptions,
) => BaseCheckpointSaver & { setup?(): Promise<void> };

/** `@checkpointkit/redis` on a plain Redis, loaded from its build. */
export const checkpointkitRedisSaverPlugin: SaverPlugin = {
  id: "checkpointkit-redis",
  label: "checkpointkit RedisSaver",
  floorBackend: "redis",
  prepare: async (servers) => {
    const RedisSaver = (await loadSaverClass("redis", "RedisSaver")) as RedisSaverClass;
    const url = servers.redisUrl;
    if (url === undefined)
      throw new SaverUnavailableError(servers.unavailable.redis ?? "no Redis server");
    return {
      create: async (variantOptions = {}) => {
        const counter = new RoundTripCounter();
        const client = await connectCountedRedis(url, counter);
        const keyPrefix = uniqueStorageName();
        const saver = new RedisSaver({ client, keyPrefix, ...variantOptions });
        await saver.setup?.();
        return { saver, counter, dispose: () => deleteKeysAndQuit(client, keyPrefix) };
      },
    };
  },
};
