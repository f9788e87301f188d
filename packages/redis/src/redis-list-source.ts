import { CorruptCheckpointError, decodeKeyPart } from "@checkpointkit/core";
import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import type { ListSource } from "./checkpoint-lister.js";
import type { LuaScript, ScriptArgument } from "./lua-script.js";
import type { RedisCall } from "./redis-call.js";
import type { RedisKeyLayout } from "./redis-keys.js";
import type { RedisClient } from "./redis-saver-options.js";
import { REDIS_SCRIPTS } from "./redis-scripts.js";

export interface RedisListSourceOptions {
  pageSize: number;
  client: RedisClient;
  keyLayout: RedisKeyLayout;
  /** Sends one round trip, bounded by the saver's deadline. */
  call: RedisCall;
  runScript(script: LuaScript, threadId: string, args: ScriptArgument[]): Promise<unknown>;
  readTuples(
    threadId: string,
    checkpoints: { checkpointNs: string; checkpointId: string }[],
  ): Promise<(CheckpointTuple | undefined | CorruptCheckpointError)[]>;
}

/** The three page fetches `list` is built from, each one round trip to Redis. */
export function createRedisListSource(options: RedisListSourceOptions): ListSource {
  const { client, keyLayout, call } = options;
  return {
    pageSize: options.pageSize,
    shards: keyLayout.shards(),
    async listIds(threadId, request, limit) {
      const args: ScriptArgument[] =
        "allNamespacesBelow" in request
          ? [limit, "*", request.allNamespacesBelow, threadId]
          : [
              limit,
              "=",
              ...request.namespaces.flatMap(({ checkpointNs, cursor }) => [checkpointNs, cursor]),
            ];
      const reply = await options.runScript(REDIS_SCRIPTS.listCheckpointIds, threadId, args);
      return decodeIdPages(reply);
    },
    async readTuples(threadId, checkpoints) {
      const tuples = await options.readTuples(threadId, checkpoints);
      return tuples.filter(
        (tuple): tuple is CheckpointTuple | CorruptCheckpointError => tuple !== undefined,
      );
    },
    async threadsOfShard(shard, offset, count) {
      const key = keyLayout.shardKeys(shard).threads;
      const flat = await call("list", () =>
        client.zrevrange(key, offset, offset + count - 1, "WITHSCORES"),
      );
      const threads: [string, number][] = [];
      for (let index = 0; index + 1 < flat.length; index += 2) {
        threads.push([flat[index]!, Number(flat[index + 1])]);
      }
      return threads;
    },
  };
}

/** `[encoded ns, [ids]]` pairs from the list-ids script. */
function decodeIdPages(reply: unknown): { checkpointNs: string; ids: string[] }[] {
  if (!Array.isArray(reply)) throw new CorruptCheckpointError("unexpected reply to a list page");
  const pages: { checkpointNs: string; ids: string[] }[] = [];
  for (let index = 0; index + 1 < reply.length; index += 2) {
    const ids = reply[index + 1] as Buffer[];
    let checkpointNs: string;
    try {
      checkpointNs = decodeKeyPart(String(reply[index]));
    } catch (error) {
      throw new CorruptCheckpointError("a namespace entry is not a checkpointkit key part", {
        cause: error,
      });
    }
    pages.push({ checkpointNs, ids: ids.map((id) => Buffer.from(id).toString("utf8")) });
  }
  return pages;
}
