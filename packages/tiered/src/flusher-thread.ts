/**
 * The flusher's worker thread (`flusher: { mode: "worker" }`): builds its own Redis client
 * and cold tier from the saver's descriptions, runs a `Flusher` and reports its events to
 * the saver. It holds the descriptions' secrets and never prints them.
 */
import { parentPort, workerData } from "node:worker_threads";
import { RedisKeyLayout } from "@checkpointkit/redis";
import { Redis } from "ioredis";
import { Flusher } from "./flusher.js";
import {
  encodeError,
  type FlusherThreadData,
  type FromFlusherThread,
  type ToFlusherThread,
} from "./flusher-thread-protocol.js";
import { rebuildColdTier } from "./rebuild-cold-tier.js";
import { lowerThreadPriority } from "./thread-priority.js";

const data = workerData as FlusherThreadData;
lowerThreadPriority(data.nice);
const port = parentPort!;
const post = (message: FromFlusherThread) => port.postMessage(message);

// Connected before the flusher starts, so a client made with `lazyConnect` and no offline
// queue does not fail the first reads; a failed connect retries by the client's strategy.
const redis = new Redis({ ...data.redis.options, lazyConnect: true });
// The flusher listens while running; this one covers the moments around it (no
// "[ioredis] Unhandled error event" on the thread's stderr).
redis.on("error", () => {});
await redis.connect().catch(() => {});
const rebuilt = await rebuildColdTier(data.cold);
const flusher = new Flusher({
  ...data.flusher,
  client: redis,
  cold: rebuilt.cold,
  keyLayout: new RedisKeyLayout({ keyPrefix: data.keyPrefix, shardCount: data.shardCount }),
});
flusher.on("flushed", (event) => post({ type: "flushed", event, counters: flusher.counters }));
flusher.on("retry", ({ error, ...event }) =>
  post({ type: "retry", event, error: encodeError(error), counters: flusher.counters }),
);
flusher.on("deadLetter", ({ error, ...event }) =>
  post({ type: "deadLetter", event, error: encodeError(error), counters: flusher.counters }),
);
flusher.on("error", (error) =>
  post({ type: "error", error: encodeError(error), counters: flusher.counters }),
);

async function stop(drainTimeoutMs: number): Promise<void> {
  try {
    await flusher.stop({ drainTimeoutMs });
  } catch {
    // Stopping never fails the saver's close(): what was not flushed stays in the outbox.
  } finally {
    await rebuilt.release().catch(() => {});
    redis.disconnect();
    post({ type: "stopped", counters: flusher.counters });
    port.close();
  }
}

port.on("message", (message: ToFlusherThread) => {
  switch (message.type) {
    case "wake":
      if (message.shards.length === 0) flusher.wake();
      for (const shard of message.shards) flusher.wake(shard);
      return;
    case "forgetThread":
      flusher.forgetThread(message.threadId);
      return;
    case "settled":
      void flusher.settled().then(() => post({ type: "settled", requestId: message.requestId }));
      return;
    case "stop":
      void stop(message.drainTimeoutMs);
      return;
  }
});
flusher.start();
post({ type: "ready" });
