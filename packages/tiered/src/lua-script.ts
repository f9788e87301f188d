import { createHash } from "node:crypto";
import type { RedisClient } from "@checkpointkit/redis";

export type ScriptArgument = string | Buffer | number;

/**
 * A Lua script run with EVALSHA; a NOSCRIPT reply (first use, or the server lost its script
 * cache in a restart) is answered with one EVAL, which loads it again. Bulk replies stay
 * Buffers because stored values are binary.
 */
export class LuaScript {
  readonly sha1: string;

  constructor(readonly source: string) {
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
      if (!(error instanceof Error && error.message.startsWith("NOSCRIPT"))) throw error;
      return client.callBuffer("EVAL", this.source, ...commandArgs);
    }
  }
}
