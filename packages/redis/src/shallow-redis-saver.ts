import { InvalidConfigError } from "@checkpointkit/core";
import { constructorOptions } from "./constructor-forms.js";
import { openOwnedClusterClient, openOwnedUrlClient } from "./owned-clients.js";
import { RedisSaver } from "./redis-saver.js";
import type {
  RedisClient,
  RedisClusterNode,
  RedisSaverCommonOptions,
  RedisSaverFromClusterOptions,
  RedisSaverFromUrlOptions,
  RedisSaverOptions,
} from "./redis-saver-options.js";

/** What a shallow saver does not take: its history is always `"latest"`. */
type NotShallow = "history";

export type ShallowRedisSaverCommonOptions = Omit<RedisSaverCommonOptions, NotShallow>;
export type ShallowRedisSaverOptions = Omit<RedisSaverOptions, NotShallow>;
export type ShallowRedisSaverFromUrlOptions = Omit<RedisSaverFromUrlOptions, NotShallow>;
export type ShallowRedisSaverFromClusterOptions = Omit<RedisSaverFromClusterOptions, NotShallow>;

/**
 * `RedisSaver` with `history: "latest"`, under the name the official
 * `@langchain/langgraph-checkpoint-redis` gives it: each (thread, namespace) keeps only its
 * newest checkpoint, with that checkpoint's pending writes and the values it references,
 * trimmed inside the same `put` script. Everything else (keys, options, errors, `close()`)
 * is `RedisSaver`'s; a thread written by one reads with the other.
 */
export class ShallowRedisSaver extends RedisSaver {
  constructor(options: ShallowRedisSaverOptions);
  /** The official saver's form, `new ShallowRedisSaver(client, options)`, with an ioredis client. */
  constructor(client: RedisClient, options?: ShallowRedisSaverCommonOptions);
  constructor(
    first: ShallowRedisSaverOptions | RedisClient,
    rest?: ShallowRedisSaverCommonOptions,
  ) {
    super(latestOnly(constructorOptions(first, rest)));
  }

  /** `RedisSaver.fromUrl`, shallow: the saver owns the client and `close()` closes it. */
  static override fromUrl(
    url: string,
    options: ShallowRedisSaverFromUrlOptions = {},
  ): ShallowRedisSaver {
    const shallow = latestOnly(options);
    return new ShallowRedisSaver({ ...shallow, client: openOwnedUrlClient(url, shallow) });
  }

  /** `RedisSaver.fromCluster`, shallow: the saver owns the Cluster and `close()` closes it. */
  static override fromCluster(
    nodes: readonly RedisClusterNode[],
    options: ShallowRedisSaverFromClusterOptions = {},
  ): ShallowRedisSaver {
    const shallow = latestOnly(options);
    return new ShallowRedisSaver({ ...shallow, client: openOwnedClusterClient(nodes, shallow) });
  }
}

/** The options with `history: "latest"`; refuses any other history a JavaScript caller passed. */
function latestOnly<T extends object>(options: T): T & { history: "latest" } {
  const history = (options as { history?: unknown }).history;
  if (history !== undefined && history !== "latest") {
    throw new InvalidConfigError(
      `ShallowRedisSaver keeps only the latest checkpoint: history must be "latest" or unset, got ${String(history)}; use RedisSaver for full history`,
      { field: "history" },
    );
  }
  return { ...options, history: "latest" };
}
