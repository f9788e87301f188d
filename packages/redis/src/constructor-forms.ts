import { InvalidConfigError } from "@checkpointkit/core";
import type {
  RedisClient,
  RedisSaverCommonOptions,
  RedisSaverOptions,
} from "./redis-saver-options.js";

/** Something that sends Redis commands: an ioredis client, or another library's. */
function looksLikeClient(candidate: unknown): boolean {
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof (candidate as { sendCommand?: unknown }).sendCommand === "function"
  );
}

/**
 * The saver's options from either constructor form: ours (one options object with `client`)
 * or the official `@langchain/langgraph-checkpoint-redis` one, `(client, options?)`. A client
 * has `sendCommand`, an options object does not, so both forms are accepted. The client must
 * be ioredis's (`Redis` or `Cluster`, which say `isCluster`): a node-redis client, which the
 * official saver takes, is refused with a message saying so instead of failing later.
 */
export function constructorOptions(
  first: RedisSaverOptions | RedisClient,
  rest: RedisSaverCommonOptions | undefined,
): RedisSaverOptions {
  const options: RedisSaverOptions = looksLikeClient(first)
    ? { ...rest, client: first as RedisClient }
    : (first as RedisSaverOptions);
  const client: unknown = options?.client;
  if (typeof client !== "object" || client === null) {
    throw new InvalidConfigError("RedisSaver needs an ioredis client in `client`", {
      field: "client",
    });
  }
  if (looksLikeClient(client) && typeof (client as RedisClient).isCluster !== "boolean") {
    throw new InvalidConfigError(
      "RedisSaver needs an ioredis client (Redis or Cluster); node-redis clients (createClient/createCluster of the redis package) are not supported",
      { field: "client" },
    );
  }
  return options;
}
