import { stat } from "node:fs/promises";
import Redis from "ioredis";

/** True while a process with this pid exists (signal 0 checks without signalling). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function pathExists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A client that fails at once instead of reconnecting or queueing, so outages surface. */
export function strictRedisClient(url: string): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectTimeout: 2000,
    // ioredis otherwise keeps a 2 s timer after a failed connect, which holds jest open.
    disconnectTimeout: 10,
  });
  client.on("error", () => {
    // Errors surface through the rejected commands the tests await.
  });
  return client;
}

/** Runs `body` with a connected strict client and always disconnects it. */
export async function withRedisClient<T>(url: string, body: (client: Redis) => Promise<T>) {
  const client = strictRedisClient(url);
  try {
    await client.connect();
    return await body(client);
  } finally {
    client.disconnect();
  }
}
