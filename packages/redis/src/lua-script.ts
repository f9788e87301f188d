import { createHash } from "node:crypto";
import type { RedisClient } from "./redis-saver-options.js";

export type ScriptArgument = string | Buffer | number;

/**
 * One Lua script, run with EVALSHA (the server keeps compiled scripts, so a call sends only
 * the 40-byte hash). When the server does not know the script — first use, or its script
 * cache was lost in a restart or failover — the NOSCRIPT reply is answered with one EVAL,
 * which loads it again. Replies keep bulk strings as Buffers (values are binary).
 */
export class LuaScript {
  readonly sha1: string;

  constructor(
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
      return client.callBuffer("EVAL", this.source, ...commandArgs);
    }
  }
}

function isNoScriptError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}
