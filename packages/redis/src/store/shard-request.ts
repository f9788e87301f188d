import type { ScriptArgument } from "../lua-script.js";
import type { StoreShardKeys } from "./store-key-layout.js";

/** ARGV positions before the operations' own strings (see the shard batch script). */
const FIXED_ARGUMENTS = 3;

/** An operation as the script reads it; string fields name ARGV positions (1-based). */
export type ScriptOperation = Record<string, number | string | unknown[]>;

/** Reads one operation's answer out of the script's reply. */
export type ReplyReader = (reply: unknown) => void;

/**
 * The operations of one batch on one shard, and the ARGV they need. Reads are added before
 * writes by the store, so a batch's reads see the store as it was before the batch.
 */
export class ShardRequest {
  readonly #operations: ScriptOperation[] = [];
  readonly #strings: ScriptArgument[] = [];
  readonly #readers: ReplyReader[] = [];

  constructor(
    readonly shard: number,
    readonly keys: StoreShardKeys,
  ) {}

  /** Adds a string argument and returns its ARGV position. */
  argument(value: string | Buffer): number {
    this.#strings.push(value);
    return FIXED_ARGUMENTS + this.#strings.length;
  }

  add(operation: ScriptOperation, reader: ReplyReader = () => {}): void {
    this.#operations.push(operation);
    this.#readers.push(reader);
  }

  get size(): number {
    return this.#operations.length;
  }

  scriptKeys(): string[] {
    return [this.keys.index, this.keys.namespaces, this.keys.sequence];
  }

  scriptArguments(refreshTtlOnRead: boolean): ScriptArgument[] {
    return [
      this.keys.itemPrefix,
      refreshTtlOnRead ? "1" : "0",
      JSON.stringify(this.#operations),
      ...this.#strings,
    ];
  }

  /** Hands each operation its part of the script's reply (one entry per operation). */
  readReply(reply: unknown): void {
    const entries = reply as unknown[];
    this.#readers.forEach((reader, index) => {
      reader(entries[index]);
    });
  }
}
