import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import type pg from "pg";
import type { PostgresSaverCommonOptions, PostgresSaverOptions } from "./postgres-saver-options.js";

/** The options `new PostgresSaver(pool, serde, options)` (the official saver's form) takes. */
export type PositionalPostgresSaverOptions = Omit<PostgresSaverCommonOptions, "serde">;

/** Duck-typed: a `pg.Pool` from another copy of `pg` is a pool too. */
export function isPool(candidate: unknown): candidate is pg.Pool {
  const pool = candidate as { query?: unknown; connect?: unknown } | null | undefined;
  return typeof pool?.query === "function" && typeof pool.connect === "function";
}

/**
 * The saver's options from either constructor form: ours (one options object) or the
 * official `@langchain/langgraph-checkpoint-postgres` one, `(pool, serde?, { schema? })`, or
 * its older `(pool, serde?, "schema")`. A pool cannot be mistaken for an options object, so
 * all are accepted.
 */
export function constructorOptions(
  first: PostgresSaverOptions | pg.Pool,
  serde: SerializerProtocol | undefined,
  rest: PositionalPostgresSaverOptions | string | undefined,
): PostgresSaverOptions {
  if (!isPool(first)) return first;
  return { ...schemaOrOptions(rest), pool: first, ...(serde === undefined ? {} : { serde }) };
}

/**
 * Older official versions take the schema name itself where newer ones take `{ schema }`;
 * spread as an object, a string would silently fall back to the default schema, where the
 * user's existing threads are not.
 */
export function schemaOrOptions<T extends object>(
  options: T | string | undefined,
): T | { schema: string } | undefined {
  return typeof options === "string" ? { schema: options } : options;
}
