import { type RedisClient, RedisKeyLayout } from "@checkpointkit/redis";
import type { ColdTier } from "./cold-tier.js";
import { Flusher } from "./flusher.js";
import type { FlusherOptions } from "./flusher-options.js";

export interface StartFlusherOptions extends FlusherOptions {
  /** The Redis client of the hot tier. Never closed by the flusher. */
  redis: RedisClient;
  cold: ColdTier;
  /** Must match the savers' `keyPrefix`. @default "checkpointkit:" */
  keyPrefix?: string;
  /** Must match the savers' `shardCount`. @default 64 */
  shardCount?: number;
  /** Run `cold.setup()` first. @default true */
  setupCold?: boolean;
}

/**
 * Runs a flusher on its own, e.g. in a worker process, for savers created with
 * `flusher: false`. Stop it with `await flusher.stop({ drainTimeoutMs })`.
 */
export async function startFlusher(options: StartFlusherOptions): Promise<Flusher> {
  const { redis, cold, keyPrefix, shardCount, setupCold, ...flusherOptions } = options;
  if (setupCold !== false) await cold.setup();
  const flusher = new Flusher({
    ...flusherOptions,
    client: redis,
    cold,
    keyLayout: new RedisKeyLayout({ keyPrefix, shardCount }),
  });
  flusher.start();
  return flusher;
}
