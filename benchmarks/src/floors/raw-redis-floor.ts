import { RoundTripCounter } from "../measure/round-trip-counter.js";
import { connectCountedRedis, deleteKeysAndQuit } from "../savers/redis-connection.js";
import { uniqueStorageName } from "../savers/unique-name.js";
import type { RawFloor, RawFloorFactory } from "./raw-floor.js";

/** Bare ioredis: one list per thread for checkpoints and one for writes, newest at the head. */
export function rawRedisFloorFactory(url: string): RawFloorFactory {
  return {
    backend: "redis",
    create: async (): Promise<RawFloor> => {
      const counter = new RoundTripCounter();
      const client = await connectCountedRedis(url, counter);
      const prefix = uniqueStorageName();
      const checkpointsKey = (threadId: string) => `${prefix}:{${threadId}}:checkpoints`;
      const writesKey = (threadId: string) => `${prefix}:{${threadId}}:writes`;
      return {
        backend: "redis",
        label: "raw ioredis floor",
        counter,
        putCheckpoint: async (threadId, bytes) => {
          await client.lpush(checkpointsKey(threadId), Buffer.from(bytes));
        },
        putWrites: async (threadId, bytes) => {
          await client.lpush(writesKey(threadId), Buffer.from(bytes));
        },
        getLatest: async (threadId) => {
          const replies = await client
            .pipeline()
            .lindexBuffer(checkpointsKey(threadId), 0)
            .lindexBuffer(writesKey(threadId), 0)
            .exec();
          const checkpoint = replies?.[0]?.[1] as Buffer | null | undefined;
          const writes = replies?.[1]?.[1] as Buffer | null | undefined;
          return { checkpoint: checkpoint ?? undefined, writes: writes ?? undefined };
        },
        listCheckpoints: (threadId, limit) =>
          client.lrangeBuffer(checkpointsKey(threadId), 0, limit === undefined ? -1 : limit - 1),
        writesHistory: async (threadId, depth) => {
          const replies = await client
            .pipeline()
            .lrangeBuffer(writesKey(threadId), 0, depth - 1)
            .lindexBuffer(checkpointsKey(threadId), -1)
            .exec();
          const writes = (replies?.[0]?.[1] as Buffer[] | undefined) ?? [];
          const seed = replies?.[1]?.[1] as Buffer | null | undefined;
          return { writes, seed: seed ?? undefined };
        },
        dispose: () => deleteKeysAndQuit(client, prefix),
      };
    },
  };
}
