import { InvalidConfigError } from "@checkpointkit/core";
import type { RedisKeyLayout } from "@checkpointkit/redis";
import type { FlushContext } from "./flush-pipeline.js";
import { Flusher } from "./flusher.js";
import type { FlusherOptions } from "./flusher-options.js";
import type { FlusherThreadData } from "./flusher-thread-protocol.js";
import { FlusherWorker } from "./flusher-worker.js";
import { describeRedisClient } from "./redis-connection-description.js";
import type { TieredFlusher } from "./tiered-flusher.js";
import type { TieredSaverOptions } from "./tiered-saver-options.js";

/**
 * Where a `TieredSaver` runs its own flusher:
 * - `worker`: in a worker thread, with its own Redis connection and cold-tier pool built from
 *   descriptions of yours, so flushing never competes with your graph for the event loop;
 * - `in-process`: on your event loop, sharing your client and pool.
 */
export type FlusherMode = "worker" | "in-process";

/** The options of a `TieredSaver`'s own flusher. */
export interface TieredFlusherOptions extends FlusherOptions {
  /**
   * Where the flusher runs (see `FlusherMode`). Unset: `worker` when your Redis client and
   * cold tier can be rebuilt in a worker thread, else `in-process` (the saver's
   * `flusherModeReason` says why). `worker` set explicitly refuses, with
   * `InvalidConfigError`, what cannot be rebuilt.
   * @default "worker" where possible, else "in-process"
   */
  mode?: FlusherMode;
  /**
   * Linux nice value of the worker thread (0–19, higher yields sooner): under CPU contention
   * your event loop is served first, while the flusher still gets a share. 0 competes as an
   * equal. Ignored in-process and on other systems.
   * @default 10
   */
  workerNice?: number;
}

export const DEFAULT_WORKER_NICE = 10;

/** The saver's flusher, the mode it runs in, and why not in a worker when it could have. */
export interface ChosenFlusher {
  flusher: TieredFlusher | undefined;
  mode: FlusherMode | "none";
  reason: string | undefined;
}

export function chooseFlusher(
  options: TieredSaverOptions,
  keyLayout: RedisKeyLayout,
  flushContext: FlushContext,
): ChosenFlusher {
  if (options.flusher === false) return { flusher: undefined, mode: "none", reason: undefined };
  const { mode, workerNice, ...flusherOptions } = options.flusher ?? {};
  if (
    workerNice !== undefined &&
    !(Number.isInteger(workerNice) && workerNice >= 0 && workerNice <= 19)
  ) {
    throw new InvalidConfigError(
      `flusher.workerNice must be an integer from 0 to 19, got ${workerNice}`,
      {
        field: "flusher.workerNice",
      },
    );
  }
  if (mode !== undefined && mode !== "worker" && mode !== "in-process") {
    throw new InvalidConfigError('flusher.mode must be "worker" or "in-process"', {
      field: "flusher.mode",
    });
  }
  const shared = { ...flusherOptions, ttlSeconds: options.ttlSeconds };
  const worker =
    mode === "in-process" ? { refused: 'flusher.mode is "in-process"' } : describeWorker(options);
  if (worker.refused === undefined) {
    const data = {
      ...worker.descriptions,
      nice: workerNice ?? DEFAULT_WORKER_NICE,
      flusher: shared,
    };
    return {
      flusher: new FlusherWorker(data, options.cold.backend),
      mode: "worker",
      reason: undefined,
    };
  }
  if (mode === "worker") {
    throw new InvalidConfigError(`flusher.mode "worker" is not possible: ${worker.refused}`, {
      field: "flusher.mode",
    });
  }
  const flusher = new Flusher({
    ...shared,
    client: options.redis,
    keyLayout,
    cold: options.cold,
    flushContext,
  });
  return { flusher, mode: "in-process", reason: mode === undefined ? worker.refused : undefined };
}

/** What the worker thread is built from, or why it cannot be (never a secret). */
function describeWorker(
  options: TieredSaverOptions,
):
  | { descriptions: Omit<FlusherThreadData, "flusher" | "nice">; refused?: undefined }
  | { refused: string } {
  const redis = describeRedisClient(options.redis);
  if ("refused" in redis) return redis;
  const cold = options.cold.describeForWorker?.();
  if (cold === undefined) return { refused: "the cold tier has no describeForWorker()" };
  if (cold.refused !== undefined) return { refused: cold.refused };
  return {
    descriptions: {
      redis: redis.description,
      cold: cold.description,
      keyPrefix: options.keyPrefix,
      shardCount: options.shardCount,
    },
  };
}
