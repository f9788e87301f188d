import type { TestServer } from "@checkpointkit/conformance";
import { RedisSaver } from "@checkpointkit/redis";
import { readAuditTrailFromList } from "./list-audit-trail.js";
import type { OpenedCheckpointer, SaverEnvironment, SaverFactory } from "./saver-factory.js";
import { startRedis, stopServers } from "./server-startup.js";

/** Key prefix of the demo's RedisSaver. Thread ids are unique per run, so runs share it. */
export const REDIS_DEMO_KEY_PREFIX = "support-graph:";

interface RedisConnection {
  /** Redis URL; may carry a password, so it is never printed. */
  url: string;
  keyPrefix: string;
}

function isRedisConnection(value: unknown): value is RedisConnection {
  const candidate = value as Partial<RedisConnection> | null;
  return typeof candidate?.url === "string" && typeof candidate.keyPrefix === "string";
}

async function openRedisSaver(connection: RedisConnection): Promise<OpenedCheckpointer> {
  const saver = RedisSaver.fromUrl(connection.url, { keyPrefix: connection.keyPrefix });
  try {
    await saver.setup();
  } catch (error) {
    await saver.close();
    throw error;
  }
  return { checkpointer: saver, close: () => saver.close() };
}

/** `@checkpointkit/redis` on a private redis-server (or REDIS_URL). */
export const redisSaverFactory: SaverFactory = {
  name: "redis",
  summary: "RedisSaver on a private redis-server (or REDIS_URL); audit trail from list()",
  needsRedis: true,
  async start(options): Promise<SaverEnvironment> {
    let server: TestServer | undefined;
    try {
      server = await startRedis(options.progress);
      const connection: RedisConnection = { url: server.url, keyPrefix: REDIS_DEMO_KEY_PREFIX };
      const auditReader = await openRedisSaver(connection);
      const startedServer = server;
      return {
        label: "RedisSaver (Redis)",
        open: () => openRedisSaver(connection),
        childConnection: { ...connection },
        readAuditTrail: (threadId) => readAuditTrailFromList(auditReader.checkpointer, threadId),
        auditTrailSource:
          "RedisSaver.list(thread): each checkpoint with the task writes stored beside it (pendingWrites)",
        async stop() {
          await auditReader.close();
          await stopServers([startedServer]);
        },
      };
    } catch (error) {
      await stopServers([server]);
      throw error;
    }
  },
  async openInChildProcess(connection) {
    if (!isRedisConnection(connection)) throw new Error("no Redis connection for the child");
    return openRedisSaver(connection);
  },
};
