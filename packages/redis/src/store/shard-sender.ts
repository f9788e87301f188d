import { countRoundTrip } from "@checkpointkit/core/internal";
import type { RedisCall } from "../redis-call.js";
import type { RedisClient } from "../redis-saver-options.js";
import { SHARD_BATCH_SCRIPT } from "./shard-batch-lua.js";
import type { ShardRequest } from "./shard-request.js";

function isNoScriptError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}

/**
 * Sends one script per shard and hands each its reply. On a single server (or Sentinel) all
 * scripts go in one pipeline: one round trip for the whole batch; a NOSCRIPT answer (the
 * server lost its script cache) costs one more round trip for the shards that got it. On a
 * Cluster each shard is one slot, sent concurrently to the node serving it.
 */
export async function sendShardRequests(
  client: RedisClient,
  call: RedisCall,
  requests: readonly ShardRequest[],
  refreshTtlOnRead: boolean,
): Promise<void> {
  if (requests.length === 0) return;
  if (client.isCluster) {
    await Promise.all(
      requests.map(async (request) => {
        const reply = await call("store.batch", () =>
          SHARD_BATCH_SCRIPT.run(
            client,
            request.scriptKeys(),
            request.scriptArguments(refreshTtlOnRead),
          ),
        );
        request.readReply(reply);
      }),
    );
    return;
  }
  const replies = await call("store.batch", () => pipelined(client, requests, refreshTtlOnRead));
  requests.forEach((request, index) => {
    request.readReply(replies[index]);
  });
}

async function pipelined(
  client: RedisClient,
  requests: readonly ShardRequest[],
  refreshTtlOnRead: boolean,
): Promise<unknown[]> {
  const pipeline = client.pipeline();
  for (const request of requests) {
    const keys = request.scriptKeys();
    pipeline.callBuffer(
      "EVALSHA",
      SHARD_BATCH_SCRIPT.sha1,
      keys.length,
      ...keys,
      ...request.scriptArguments(refreshTtlOnRead),
    );
  }
  const results = (await pipeline.exec()) ?? [];
  const replies: unknown[] = [];
  for (const [index, request] of requests.entries()) {
    const [error, reply] = results[index] ?? [new Error("the pipeline lost a reply"), undefined];
    if (error === null) {
      replies.push(reply);
    } else if (isNoScriptError(error)) {
      // The script did not run; loading it with EVAL runs it now.
      countRoundTrip();
      const keys = request.scriptKeys();
      replies.push(
        await client.callBuffer(
          "EVAL",
          SHARD_BATCH_SCRIPT.source,
          keys.length,
          ...keys,
          ...request.scriptArguments(refreshTtlOnRead),
        ),
      );
    } else {
      throw error;
    }
  }
  return replies;
}
