import { countRoundTrip } from "@checkpointkit/core/internal";
import type { Redis } from "ioredis";
import type { LuaScript, ScriptArgument } from "./lua-script.js";
import type { RedisCall } from "./redis-call.js";
import type { RedisClient } from "./redis-saver-options.js";

/** One script run of a batch: the script, its KEYS and its ARGV. */
export interface ScriptRun {
  script: LuaScript;
  keys: readonly string[];
  args: readonly ScriptArgument[];
}

/**
 * Runs several scripts and returns their replies in order. On a standalone server they go in
 * one pipeline: one round trip (plus one more when the server had lost scripts and answered
 * NOSCRIPT: those are sent again with EVAL, in one pipeline). On a Cluster the keys live on
 * several nodes, and an ioredis pipeline must stay on one: each script is its own command,
 * all sent at once.
 */
export async function runScriptBatch(
  client: RedisClient,
  call: RedisCall,
  operation: string,
  runs: readonly ScriptRun[],
): Promise<unknown[]> {
  if (runs.length === 0) return [];
  if (client.isCluster) {
    return Promise.all(
      runs.map(({ script, keys, args }) => call(operation, () => script.run(client, keys, args))),
    );
  }
  return call(operation, () => pipelined(client as Redis, runs));
}

async function pipelined(client: Redis, runs: readonly ScriptRun[]): Promise<unknown[]> {
  const send = async (command: "EVALSHA" | "EVAL", batch: readonly ScriptRun[]) => {
    const pipeline = client.pipeline();
    for (const { script, keys, args } of batch) {
      const body = command === "EVALSHA" ? script.sha1 : script.source;
      pipeline.callBuffer(command, body, keys.length, ...keys, ...args);
    }
    return (await pipeline.exec()) ?? [];
  };
  const replies = await send("EVALSHA", runs);
  const unknown = runs.flatMap((_run, index) => (isNoScript(replies[index]?.[0]) ? [index] : []));
  if (unknown.length > 0) {
    // The server lost its script cache (restart, failover): one more round trip reloads them.
    countRoundTrip();
    const reloaded = await send(
      "EVAL",
      unknown.map((index) => runs[index]!),
    );
    for (const [position, index] of unknown.entries()) replies[index] = reloaded[position]!;
  }
  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}
