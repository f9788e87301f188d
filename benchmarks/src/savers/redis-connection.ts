import { Redis } from "ioredis";
import { countRedisRoundTrips } from "../measure/count-redis-round-trips.js";
import type { RoundTripCounter } from "../measure/round-trip-counter.js";

const SCAN_BATCH = 500;
/** Far above any benchmarked command (a 500 KB checkpoint takes milliseconds). */
const COMMAND_TIMEOUT_MS = 30_000;
/** Deleting a saver's keys is bounded so a runaway key space cannot stall the run. */
const MAX_SCAN_ROUNDS = 10_000;

/** An ioredis client whose every round trip is counted; it fails fast instead of queueing forever. */
export async function connectCountedRedis(url: string, counter: RoundTripCounter): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 5_000,
    // A server that stops answering fails the command instead of hanging the run.
    commandTimeout: COMMAND_TIMEOUT_MS,
  });
  // Failures reach the caller as rejected commands; without a listener ioredis would also
  // print every reconnection attempt after a server went away.
  client.on("error", () => {});
  await client.connect();
  countRedisRoundTrips(client, counter);
  return client;
}

/** Removes every key containing `marker` (a random storage name), then closes the client. */
export async function deleteKeysAndQuit(client: Redis, marker: string): Promise<void> {
  try {
    let cursor = "0";
    for (let round = 0; round < MAX_SCAN_ROUNDS; round++) {
      const [next, keys] = await client.scan(cursor, "MATCH", `*${marker}*`, "COUNT", SCAN_BATCH);
      if (keys.length > 0) await client.unlink(...keys);
      cursor = next;
      if (cursor === "0") break;
    }
  } finally {
    client.disconnect();
  }
}
