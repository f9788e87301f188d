import { InvalidConfigError } from "../errors/invalid-config-error.js";
import { checkIdString, describeType } from "../input/well-formed-id.js";
import type { ListThreadsOptions } from "./thread-listing.js";

export const DEFAULT_THREAD_LIST_LIMIT = 50;
export const MAX_THREAD_LIST_LIMIT = 1000;
/** Cursors are the savers' own opaque strings; anything longer was not made by one. */
const MAX_CURSOR_LENGTH = 8192;

/** `listThreads` options, checked and with defaults, before a saver sends anything. */
export interface ReadListThreadsOptions {
  limit: number;
  threadIdPrefix: string;
  cursor: string | undefined;
}

export function readListThreadsOptions(options: unknown): ReadListThreadsOptions {
  if (options === undefined) {
    return { limit: DEFAULT_THREAD_LIST_LIMIT, threadIdPrefix: "", cursor: undefined };
  }
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new InvalidConfigError(
      `listThreads options must be an object, got ${describeType(options)}`,
      { field: "options" },
    );
  }
  const { limit, threadIdPrefix, cursor } = options as ListThreadsOptions;
  if (
    limit !== undefined &&
    !(Number.isSafeInteger(limit) && limit >= 1 && limit <= MAX_THREAD_LIST_LIMIT)
  ) {
    throw new InvalidConfigError(
      `listThreads limit must be an integer from 1 to ${MAX_THREAD_LIST_LIMIT}, got ${String(limit)}`,
      { field: "limit" },
    );
  }
  if (cursor !== undefined) {
    checkIdString(cursor, "cursor");
    if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH) {
      throw invalidThreadCursor();
    }
  }
  return {
    limit: limit ?? DEFAULT_THREAD_LIST_LIMIT,
    threadIdPrefix:
      threadIdPrefix === undefined ? "" : checkIdString(threadIdPrefix, "threadIdPrefix"),
    cursor,
  };
}

/** The error a saver throws for a cursor it cannot decode: never a crash, never a guess. */
export function invalidThreadCursor(): InvalidConfigError {
  return new InvalidConfigError("listThreads cursor is not one this saver returned", {
    field: "cursor",
  });
}
