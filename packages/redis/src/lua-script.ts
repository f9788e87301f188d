import { createHash } from "node:crypto";
import { countRoundTrip } from "@checkpointkit/core/internal";
import type { RedisClient } from "./redis-saver-options.js";

/** One `KEYS`/`ARGV` argument of a script; a Buffer is sent as is (binary-safe). */
export type ScriptArgument = string | Buffer | number;

/**
 * One Lua script, run with EVALSHA (the server keeps compiled scripts, so a call sends only
 * the 40-byte hash). When the server does not know the script — first use, or its script
 * cache was lost in a restart or failover — the NOSCRIPT reply is answered with one EVAL,
 * which loads it again. Replies keep bulk strings as Buffers (values are binary).
 *
 * Exported for packages that run scripts of their own over the saver's keys (the tiered
 * saver's outbox and sweeper); they get the same NOSCRIPT recovery as the saver.
 */
export class LuaScript {
  /** SHA-1 of `source` in hex: what EVALSHA sends. */
  readonly sha1: string;

  constructor(
    /** Names the script for a reader of the code; never sent to Redis. */
    readonly name: string,
    readonly source: string,
  ) {
    this.sha1 = createHash("sha1").update(source, "utf8").digest("hex");
  }

  async run(
    client: RedisClient,
    keys: readonly string[],
    args: readonly ScriptArgument[],
  ): Promise<unknown> {
    const commandArgs = [keys.length, ...keys, ...args];
    try {
      return await client.callBuffer("EVALSHA", this.sha1, ...commandArgs);
    } catch (error) {
      if (!isNoScriptError(error)) throw error;
      // A second round trip of the same operation, on the operation's span.
      countRoundTrip();
      return client.callBuffer("EVAL", this.source, ...commandArgs);
    }
  }
}

function isNoScriptError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}
