import type { BaseStore } from "@langchain/langgraph-checkpoint";
import type { Redis } from "ioredis";
import { RoundTripCounter } from "../measure/round-trip-counter.js";
import { loadPackageExports } from "../savers/checkpointkit-package.js";
import { connectCountedRedis, deleteKeysAndQuit } from "../savers/redis-connection.js";
import { SaverUnavailableError } from "../savers/saver-plugin.js";
import { uniqueStorageName } from "../savers/unique-name.js";
import type { BenchStoreIndex, StorePlugin } from "./store-plugin.js";

type RedisStoreClass = new (options: {
  client: Redis;
  keyPrefix: string;
  index?: BenchStoreIndex;
}) => BaseStore & { close(): Promise<void> };

/** `@checkpointkit/redis/store` on a plain Redis (exact cosine search in Lua), from its build. */
export const checkpointkitRedisStorePlugin: StorePlugin = {
  id: "checkpointkit-redis",
  label: "checkpointkit RedisStore",
  prepare: async (servers) => {
    const { RedisStore } = (await loadPackageExports("redis", ["RedisStore"], "store")) as {
      RedisStore: RedisStoreClass;
    };
    const url = servers.redisUrl;
    if (url === undefined)
      throw new SaverUnavailableError(servers.unavailable.redis ?? "no Redis server");
    return {
      create: async (index) => {
        const counter = new RoundTripCounter();
        const client = await connectCountedRedis(url, counter);
        const keyPrefix = `${uniqueStorageName()}:`;
        const store = new RedisStore({ client, keyPrefix, index });
        return {
          store,
          counter,
          dispose: async () => {
            await store.close();
            await deleteKeysAndQuit(client, keyPrefix);
          },
        };
      },
    };
  },
};
